// Shared set-up for the node:test suites in tests/js (not itself a test file).
//
// `ensurePackage()` makes the package usable the way a consumer uses it:
// it builds pkg/ with scripts/build.sh when the generated builds are missing
// (under a lock, since test files may run in parallel processes), and links
// tests/js/node_modules/orgpolicy -> ../../../pkg so that `require("orgpolicy")`
// and `import("orgpolicy")` go through pkg/package.json's `exports` map.
// Call it before the first `require` / `import` of "orgpolicy".
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const ROOT = path.resolve(__dirname, "..", "..");
const PKG = path.join(ROOT, "pkg");
const TMP = path.join(__dirname, ".tmp");

const BUILT = [
  "web/orgpolicy.js",
  "web/orgpolicy_bg.wasm",
  "web/orgpolicy.d.ts",
  "node/orgpolicy.js",
  "node/orgpolicy_bg.wasm",
  "node/orgpolicy.d.ts",
];

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function built() {
  return BUILT.every((f) => fs.existsSync(path.join(PKG, f)));
}

function ensureBuilt() {
  if (built()) return;
  fs.mkdirSync(TMP, { recursive: true });
  const lock = path.join(TMP, "build.lock");
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      // Another test process is building; a lock older than 20 minutes is stale.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 20 * 60 * 1000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {}
      sleep(500);
      if (built()) return;
    }
  }
  try {
    if (!built()) execFileSync(path.join(ROOT, "scripts", "build.sh"), { stdio: "inherit", cwd: ROOT });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function ensureLink() {
  const modules = path.join(__dirname, "node_modules");
  const link = path.join(modules, "orgpolicy");
  fs.mkdirSync(modules, { recursive: true });
  try {
    if (fs.realpathSync(link) === fs.realpathSync(PKG)) return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {}
  try {
    fs.symlinkSync(path.relative(modules, PKG), link, "dir");
  } catch (e) {
    if (e.code !== "EEXIST") throw e;
  }
}

function ensurePackage() {
  ensureBuilt();
  ensureLink();
}

/** The JSON test directory shared with the Rust wasm tests. */
function directoryText() {
  return fs.readFileSync(path.join(ROOT, "tests", "wasm_common", "directory.json"), "utf8");
}

/** Asserts `fn` throws a real Error named OrgPolicyError with this code (and path). */
function expectError(assert, fn, code, pathOrUndefined) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `expected a ${code} error, nothing was thrown`);
  assert.ok(thrown instanceof Error, `not an Error: ${thrown}`);
  assert.equal(thrown.name, "OrgPolicyError");
  assert.equal(thrown.code, code, thrown.message);
  if (pathOrUndefined !== undefined) assert.equal(thrown.path, pathOrUndefined, thrown.message);
  assert.equal(typeof thrown.message, "string");
  assert.ok(thrown.message.length > 0);
  assert.equal(typeof thrown.stack, "string");
  return thrown;
}

module.exports = { ROOT, PKG, ensurePackage, directoryText, expectError };
