// The differential compare loop, shared by the Node run (differential.test.mjs)
// and the Chromium run (differential-browser.test.mjs, which loads this file
// into the page): no Node APIs here.

/** Deep equality of JSON values, primitives compared with `Object.is` (as
 * `assert.deepStrictEqual` does). */
export function same(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]));
}

/** Runs every call of every native case on `PolicyEngine` (built from the
 * directory's JSON text): results must be equal, errors must have the same
 * code and path. Returns `{ compared, bad }`. */
export function compare(PolicyEngine, cases) {
  let compared = 0;
  const bad = [];
  cases.forEach((c, ci) => {
    const engine = new PolicyEngine(c.config, JSON.stringify(c.directory));
    try {
      c.calls.forEach((call, i) => {
        compared++;
        let got;
        try {
          got = { result: engine.call(call.method, call.input) };
        } catch (e) {
          got = { error: { code: e?.code, path: e?.path }, message: String(e?.message ?? e) };
        }
        const want = "error" in call ? { error: call.error } : { result: call.result };
        const { message, ...gotCmp } = got;
        if (!same(gotCmp, want)) bad.push({ case: ci, call: i, method: call.method, input: call.input, native: want, wasm: got });
      });
    } finally {
      engine.free();
    }
  });
  return { compared, bad };
}
