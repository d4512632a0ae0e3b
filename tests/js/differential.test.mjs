// Randomized differential test: native Rust vs the wasm package in Node.
// examples/differential_cases.rs generates random valid directories and
// configurations and answers ~100 random `Engine::call`s each natively
// (every method, unknown ids and permissions included); here the same calls
// go through `new PolicyEngine(config, directoryText).call(method, input)`
// and must give deep-equal results, or errors with the same code and path.
// Replay a failure: DIFF_SEEDS=<seed> node --test tests/js/differential.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import support from "./support.cjs";
import { compare } from "./compare.mjs";

support.ensurePackage();
const { PolicyEngine } = await import("orgpolicy");

const SEEDS = (process.env.DIFF_SEEDS ?? "11,22,33").split(",").map(Number);
const COUNT = Number(process.env.DIFF_COUNT ?? 20);

for (const seed of SEEDS) {
  test(`native and wasm-in-Node agree (seed ${seed}, ${COUNT} directories)`, { timeout: 300_000 }, (t) => {
    const cases = support.nativeCases(seed, COUNT);
    assert.equal(cases.length, COUNT);
    const { compared, bad } = compare(PolicyEngine, cases);
    t.diagnostic(`seed ${seed}: ${compared} calls compared over ${cases.length} directories, ${bad.length} disagreements`);
    assert.ok(compared >= COUNT * 50, `only ${compared} calls`);
    assert.equal(bad.length, 0, `seed ${seed}: ${bad.length} disagreements; first ones:\n${JSON.stringify(bad.slice(0, 3), null, 2)}`);
  });
}
