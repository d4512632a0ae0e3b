// The web build as browsers, bundlers and edge runtimes load it. Edge
// runtimes forbid compiling wasm from bytes at run time, so the caller hands
// a precompiled WebAssembly.Module (there: `import wasm from
// "orgpolicy/orgpolicy_bg.wasm"`); here the module is compiled up front to
// play that part.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import support from "./support.cjs";

support.ensurePackage();

const wasmUrl = import.meta.resolve("orgpolicy/orgpolicy_bg.wasm");
const bytes = fs.readFileSync(fileURLToPath(wasmUrl));

test("the .wasm subpath export is the web build's module", () => {
  assert.ok(wasmUrl.endsWith("/pkg/web/orgpolicy_bg.wasm"), wasmUrl);
  assert.ok(WebAssembly.validate(bytes));
});

test("initSync({ module }) with a precompiled WebAssembly.Module", async () => {
  // A fresh module instance of the web build (query string: not the cached one).
  const web = await import(import.meta.resolve("orgpolicy/web") + "?initSync");
  const module = new WebAssembly.Module(bytes);
  const exports = web.initSync({ module });
  assert.ok(exports.memory instanceof WebAssembly.Memory);
  const e = new web.PolicyEngine({ authMode: "oauth" }, support.directoryText());
  assert.equal(e.can("u-user", "org-main", "ws-dev", "runs:create"), true);
  assert.equal(e.check("u-viewer", "org-main", "ws-dev", "runs:create").code, "PERMISSION_DENIED");
  const err = support.expectError(assert, () => e.can(1, "org-main", null, "x"), "INVALID_INPUT", "userId");
  assert.ok(err instanceof Error);
  assert.equal(web.isOrgPolicyError(err), true);
});

test("async init({ module_or_path }) with a precompiled module", async () => {
  const web = await import(import.meta.resolve("orgpolicy/web") + "?init");
  const module = await WebAssembly.compile(bytes);
  await web.default({ module_or_path: module });
  const config = await import(import.meta.resolve("orgpolicy/config/web") + "?init");
  const configWasm = fs.readFileSync(fileURLToPath(import.meta.resolve("orgpolicy/config/orgpolicy_config_bg.wasm")));
  await config.default({ module_or_path: await WebAssembly.compile(configWasm) });
  const loaded = config.parseEnv("AUTH_TYPE=oauth\n");
  assert.equal(loaded.config.authMode, "oauth");
  const e = new web.PolicyEngine(loaded.config, JSON.parse(support.directoryText()));
  assert.deepEqual([...e.canMany([["u-user", "org-main", "ws-dev", "runs:create"]])], [1]);
});

test("bundler / browser conditions resolve to the web build", async () => {
  const pkg = JSON.parse(fs.readFileSync(`${support.PKG}/package.json`, "utf8"));
  for (const condition of ["browser", "worker", "workerd", "edge-light", "import", "default"]) {
    assert.equal(pkg.exports["."][condition].default, "./web/orgpolicy.js", condition);
    assert.equal(pkg.exports["."][condition].types, "./web/orgpolicy.d.ts", condition);
  }
  // The web build is ES module code, and says so for Node and bundlers.
  assert.equal(JSON.parse(fs.readFileSync(`${support.PKG}/web/package.json`, "utf8")).type, "module");
});
