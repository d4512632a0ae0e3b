// pkg/package.json: every entry point exists, is in the packed tarball, and
// the generated and hand-written files agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import support from "./support.cjs";

support.ensurePackage();
const PKG = support.PKG;
const pkg = JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8"));

/** Every file path an exports map (or a top-level field) points to. */
function targets(node, out = new Set()) {
  if (typeof node === "string") out.add(node);
  else if (node && typeof node === "object") Object.values(node).forEach((v) => targets(v, out));
  return out;
}

const middleware = (t) => t.startsWith("./middleware/");

test("name, version, `type` commonjs (node/*.js are CommonJS; web/ says module itself)", () => {
  assert.equal(pkg.name, "orgpolicy");
  assert.equal(pkg.version, "0.1.0");
  assert.equal(pkg.type, "commonjs");
});

test("every export target and top-level entry exists", () => {
  const all = targets(pkg.exports);
  for (const field of ["main", "module", "browser", "types"]) all.add(pkg[field]);
  for (const t of all) {
    if (middleware(t) && !fs.existsSync(path.join(PKG, "middleware"))) continue; // written separately
    assert.ok(fs.existsSync(path.join(PKG, t)), `${t} is missing`);
  }
});

test("the middleware subpath is reserved with types, import and require", () => {
  const m = pkg.exports["./middleware"];
  assert.deepEqual(targets(m), new Set(["./middleware/index.d.ts", "./middleware/index.d.mts", "./middleware/index.mjs", "./middleware/index.js"]));
  assert.ok(pkg.files.includes("middleware/"));
});

test("types conditions come first in every branch", () => {
  const walk = (node, at) => {
    if (!node || typeof node !== "object") return;
    const keys = Object.keys(node);
    if (keys.includes("types")) assert.equal(keys[0], "types", `${at}: "types" must be the first condition`);
    if (keys.includes("default")) assert.equal(keys.at(-1), "default", `${at}: "default" must be the last condition`);
    for (const [k, v] of Object.entries(node)) walk(v, `${at}.${k}`);
  };
  walk(pkg.exports, "exports");
});

test("npm pack ships exactly the entry points and builds", () => {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: PKG, encoding: "utf8" });
  const packed = new Set(JSON.parse(out)[0].files.map((f) => f.path));
  for (const t of targets(pkg.exports)) {
    if (middleware(t) && !fs.existsSync(path.join(PKG, "middleware"))) continue;
    assert.ok(packed.has(t.replace(/^\.\//, "")), `${t} is not in the tarball`);
  }
  for (const f of ["README.md", "package.json", "LICENSE-MIT", "LICENSE-APACHE", "web/orgpolicy_bg.wasm", "web/orgpolicy_bindings.js", "node/orgpolicy.js"]) assert.ok(packed.has(f), f);
  // One copy of each module (the engine, orgpolicy/config), in its web/ folder.
  const wasm = [...packed].filter((f) => f.endsWith(".wasm")).sort();
  assert.deepEqual(wasm, ["config/web/orgpolicy_config_bg.wasm", "web/orgpolicy_bg.wasm"]);
  for (const f of packed) assert.ok(!f.includes("node_modules") && !f.endsWith(".tgz"), f);
});

test("the generated .d.ts declares every hand-written type the signatures use", () => {
  for (const build of ["web", "node"]) {
    const dts = fs.readFileSync(path.join(PKG, build, "orgpolicy.d.ts"), "utf8");
    assert.ok(!/\bany\b/.test(dts.replace(/\/\*[\s\S]*?\*\//g, "").split("export type InitInput")[0]), `${build}: \`any\` in the API`);
    for (const name of ["ReasonCode", "Decision", "InvitePlan", "DirectoryDoc", "InstanceConfigInput", "CallMap", "OrgPolicyError"]) {
      assert.match(dts, new RegExp(`export (type|interface) ${name}\\b`), `${build}: ${name}`);
    }
  }
});
