// Memory, not time: a long run of checks must not grow the process. Each
// call passes strings and gets values back across the boundary; a leak of
// externref slots, wasm allocations or JS wrappers would show up here.
import { test } from "node:test";
import assert from "node:assert/strict";
import v8 from "node:v8";
import vm from "node:vm";
import support from "./support.cjs";

support.ensurePackage();
const { PolicyEngine } = await import("orgpolicy");

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");

const MB = 1024 * 1024;
const settle = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().rss;
};

test("1,000,000 can() and 100,000 check() calls keep RSS growth under 8 MB", () => {
  const e = new PolicyEngine({ authMode: "oauth" }, support.directoryText());
  const run = (cans, checks) => {
    let allowed = 0;
    for (let i = 0; i < cans; i++) {
      if (e.can("u-user", "org-main", i & 1 ? "ws-dev" : "ws-prod", i & 2 ? "runs:create" : "feedback:create")) allowed++;
    }
    for (let i = 0; i < checks; i++) {
      const d = e.check("u-viewer", "org-main", "ws-dev", i & 1 ? "runs:create" : "runs:read");
      if (d.allowed) allowed++;
    }
    return allowed;
  };
  run(100_000, 10_000); // warm-up: JIT, wasm heap, caches
  const before = settle();
  const allowed = run(1_000_000, 100_000);
  const after = settle();
  assert.ok(allowed > 0);
  const growth = after - before;
  assert.ok(growth < 8 * MB, `RSS grew by ${(growth / MB).toFixed(1)} MB`);
  e.free();
});

test("errors in a loop do not leak either", () => {
  const e = new PolicyEngine({}, support.directoryText());
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      try {
        e.can("u-user", "org-ghost", null, "runs:read");
      } catch {}
      try {
        e.planInvites({ actorId: "u-admin", orgId: "org-main", invitees: [{ email: "x@example.com", bogus: 1 }] });
      } catch {}
    }
  };
  run(5_000);
  const before = settle();
  run(50_000);
  const after = settle();
  assert.ok(after - before < 8 * MB, `RSS grew by ${((after - before) / MB).toFixed(1)} MB`);
  assert.equal(e.can("u-user", "org-main", "ws-dev", "runs:create"), true);
});

test("engines that are freed give their memory back", () => {
  const text = support.directoryText();
  const run = (n) => {
    for (let i = 0; i < n; i++) new PolicyEngine({}, text).free();
  };
  run(500);
  const before = settle();
  run(5_000);
  const after = settle();
  assert.ok(after - before < 8 * MB, `RSS grew by ${((after - before) / MB).toFixed(1)} MB`);
});

test("engines that are only dropped are reclaimed by the FinalizationRegistry", async () => {
  const text = support.directoryText();
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const run = async (batches) => {
    for (let b = 0; b < batches; b++) {
      for (let i = 0; i < 100; i++) new PolicyEngine({}, text);
      gc();
      await tick(); // finalization callbacks run between tasks
    }
  };
  await run(5);
  const before = settle();
  await run(50);
  await tick();
  const after = settle();
  assert.ok(after - before < 8 * MB, `RSS grew by ${((after - before) / MB).toFixed(1)} MB`);
});
