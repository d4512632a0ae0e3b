// Randomized differential test: native Rust vs the wasm package in Node.
// examples/differential_cases.rs generates random valid directories and
// configurations and answers ~100 random `Engine::call`s each natively
// (every method, unknown ids and permissions included); here the same calls
// go through `new PolicyEngine(config, directoryText).call(method, input)`
// and must give deep-equal results, or errors with the same code and path.
// Replay a failure: DIFF_SEEDS=<seed> node --test tests/js/differential.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import support from "./support.cjs";

support.ensurePackage();
const { PolicyEngine } = await import("orgpolicy");

const SEEDS = (process.env.DIFF_SEEDS ?? "11,22,33").split(",").map(Number);
const COUNT = Number(process.env.DIFF_COUNT ?? 20);

/** The native cases for a seed (built once by cargo, then fast). */
export function nativeCases(seed, count, calls = 100) {
  const out = execFileSync(
    "cargo",
    ["run", "--release", "-q", "--example", "differential_cases", "--", String(seed), String(count), String(calls)],
    { cwd: support.ROOT, encoding: "utf8", maxBuffer: 512 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(out);
}

/** Runs every call of every case on `PolicyEngine`; returns [compared, disagreements]. */
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
        if (!isDeepStrictEqual(gotCmp, want)) bad.push({ case: ci, call: i, method: call.method, input: call.input, native: want, wasm: got });
      });
    } finally {
      engine.free();
    }
  });
  return [compared, bad];
}

function isDeepStrictEqual(a, b) {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

for (const seed of SEEDS) {
  test(`native and wasm-in-Node agree (seed ${seed}, ${COUNT} directories)`, { timeout: 300_000 }, (t) => {
    const cases = nativeCases(seed, COUNT);
    assert.equal(cases.length, COUNT);
    const [compared, bad] = compare(PolicyEngine, cases);
    t.diagnostic(`seed ${seed}: ${compared} calls compared over ${cases.length} directories, ${bad.length} disagreements`);
    assert.ok(compared >= COUNT * 50, `only ${compared} calls`);
    assert.equal(bad.length, 0, `seed ${seed}: ${bad.length} disagreements; first ones:\n${JSON.stringify(bad.slice(0, 3), null, 2)}`);
  });
}
