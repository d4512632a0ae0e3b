// CommonJS consumers: `require("orgpolicy")` resolves the `node` + `require`
// condition to the nodejs build, which loads the wasm synchronously.
"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");
const support = require("./support.cjs");

support.ensurePackage();
const orgpolicy = require("orgpolicy");
const config = require("orgpolicy/config");

test("require() loads synchronously and works at once", () => {
  const { PolicyEngine } = orgpolicy;
  const e = new PolicyEngine({ authMode: "oauth" }, support.directoryText());
  assert.equal(e.can("u-user", "org-main", "ws-dev", "runs:create"), true);
  assert.equal(e.check("u-viewer", "org-main", "ws-dev", "runs:create").code, "PERMISSION_DENIED");
  assert.equal(require.resolve("orgpolicy"), require("node:path").join(support.PKG, "node", "orgpolicy.js"));
});

test("the CommonJS build exports the whole API", () => {
  assert.deepEqual(Object.keys(orgpolicy).sort(), ["PolicyEngine", "directoryFromApi", "isOrgPolicyError", "reasonCodes"]);
  assert.deepEqual(Object.keys(config).sort(), ["loadConfig", "parseEnv", "parseHelmValues"]);
});

test("errors thrown to CommonJS callers are Errors with a code", () => {
  const err = support.expectError(assert, () => config.parseEnv("PAT_CREATION_DISABLED=1"), "CONFIG_INVALID");
  assert.equal(err.issues[0].path, "PAT_CREATION_DISABLED");
  assert.equal(orgpolicy.isOrgPolicyError(err), true, "the engine module recognizes the config module's errors");
});

test("import() of orgpolicy/config from CommonJS shares the required instance", async () => {
  const esm = await import("orgpolicy/config");
  assert.equal(esm.parseEnv, config.parseEnv);
});

test("import() from CommonJS gets the ESM entry, sharing one instance", async () => {
  const esm = await import("orgpolicy");
  assert.equal(esm.PolicyEngine, orgpolicy.PolicyEngine, "one wasm instance, one class");
  const e = new esm.PolicyEngine({}, support.directoryText());
  assert.ok(e instanceof orgpolicy.PolicyEngine);
});
