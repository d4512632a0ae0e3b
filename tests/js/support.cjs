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
const http = require("node:http");
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
  "node/orgpolicy.d.ts",
  "config/web/orgpolicy_config.js",
  "config/web/orgpolicy_config_bg.wasm",
  "config/node/orgpolicy_config.js",
  "esm-node.mjs",
  "config/esm-node.mjs",
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

/** The native side of the differential tests: random directories and
 * calls with the answers of the Rust engine (examples/differential_cases.rs;
 * built once by cargo, then fast). */
function nativeCases(seed, count, calls = 100) {
  const out = execFileSync(
    "cargo",
    ["run", "--release", "-q", "--example", "differential_cases", "--", String(seed), String(count), String(calls)],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 512 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(out);
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

const CONTENT_TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/** An http server on 127.0.0.1 (any free port): `html` at `/`, the
 * repository's files at their paths (`/pkg/web/orgpolicy.js`). */
function servePage(html) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (url.pathname === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(html);
    const file = path.join(ROOT, path.normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(ROOT) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Headless Debian Chromium (`$CHROMIUM` overrides the path) through
 * playwright-core from tools/, with the flags for a machine without network. */
function launchChromium() {
  const { chromium } = require(require.resolve("playwright-core", { paths: [path.join(ROOT, "tools")] }));
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

module.exports = { ROOT, PKG, ensurePackage, directoryText, expectError, nativeCases, servePage, launchChromium };
