// ES module consumers in Node: `import { PolicyEngine } from "orgpolicy"`
// resolves `node` + `import` to esm-node.mjs, the CommonJS build's exports by
// name (no flags, no top-level await needed by the caller).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import support from "./support.cjs";

support.ensurePackage();
const esm = await import("orgpolicy");
const require = createRequire(import.meta.url);

test("import resolves to the ESM wrapper and exports exactly what require does", () => {
  assert.equal(import.meta.resolve("orgpolicy"), "file://" + path.join(support.PKG, "esm-node.mjs"));
  const cjs = require("orgpolicy");
  const names = Object.keys(esm).filter((k) => k !== "default").sort();
  assert.deepEqual(names, Object.keys(cjs).sort());
  for (const k of names) assert.equal(esm[k], cjs[k], k);
});

test("named imports work", async () => {
  const { PolicyEngine, reasonCodes } = await import("orgpolicy");
  const e = new PolicyEngine({}, JSON.parse(support.directoryText()));
  assert.equal(e.can("u-admin", "org-main", null, "organization:manage"), true);
  assert.ok(reasonCodes().length > 0);
});

test("the ./node subpath is the same build", async () => {
  const node = await import("orgpolicy/node");
  assert.equal(node.PolicyEngine, esm.PolicyEngine);
});

test("orgpolicy/config: import exports exactly what require does, the same functions", async () => {
  const esmConfig = await import("orgpolicy/config");
  const cjsConfig = require("orgpolicy/config");
  const names = Object.keys(esmConfig).filter((k) => k !== "default").sort();
  assert.deepEqual(names, Object.keys(cjsConfig).sort());
  for (const k of names) assert.equal(esmConfig[k], cjsConfig[k], k);
});
