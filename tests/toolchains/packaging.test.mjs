// The packed tarball as users' tools take it: Node CJS and ESM, tsc --strict
// (bundler and nodenext: the edge recipe, the middleware and React types),
// @arethetypeswrong/cli and publint, where every remaining finding must be
// one explained below.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { HERE, SAMPLE, bin, packed, project } from "./support.mjs";

const dirs = [];
const fresh = (name, deps) => {
  const dir = project(name, deps);
  dirs.push(dir);
  return dir;
};
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test("Node: require and import of the packed package share one engine API", () => {
  const dir = fresh("node");
  fs.writeFileSync(path.join(dir, "directory.json"), SAMPLE);
  const cjs = `const { PolicyEngine } = require("orgpolicy");
    const e = new PolicyEngine({}, require("fs").readFileSync("directory.json", "utf8"));
    console.log(JSON.stringify([e.can("user-bob", "org-default", "ws-production", "runs:create"), e.check("user-victor", "org-default", "ws-1", "runs:create").code]));`;
  const esm = `import { PolicyEngine } from "orgpolicy"; import { readFileSync } from "node:fs";
    const e = new PolicyEngine({}, readFileSync("directory.json", "utf8"));
    console.log(JSON.stringify([e.can("user-bob", "org-default", "ws-production", "runs:create"), e.check("user-victor", "org-default", "ws-1", "runs:create").code]));`;
  fs.writeFileSync(path.join(dir, "app.cjs"), cjs);
  fs.writeFileSync(path.join(dir, "app.mjs"), esm);
  for (const f of ["app.cjs", "app.mjs"]) {
    const out = execFileSync(process.execPath, [f], { cwd: dir, encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), [true, "PERMISSION_DENIED"], f);
  }
});

for (const resolution of ["bundler", "nodenext"]) {
  test(`tsc --strict, moduleResolution ${resolution}: edge recipe, middleware, React`, () => {
    const dir = fresh(`tsc-${resolution}`, ["react", "@types/react", "typescript"]);
    fs.cpSync(path.join(HERE, "ts"), dir, { recursive: true });
    const r = spawnSync(bin("tsc"), ["-p", `tsconfig.${resolution}.json`], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // The check can fail: a wrong use of the .wasm export is an error.
    fs.appendFileSync(path.join(dir, "edge.ts"), "\nexport const wrong: string = wasm;\n");
    const bad = spawnSync(bin("tsc"), ["-p", `tsconfig.${resolution}.json`], { cwd: dir, encoding: "utf8" });
    assert.match(bad.stdout, /edge\.ts.*TS2322/);
  });
}

// Findings that stay, each for a reason:
const EXPLAINED = {
  // ESM-only entries: the web build (ES module glue) and its .wasm, and the
  // React bindings; CommonJS users `require("orgpolicy")` (the Node build).
  "CJSResolvesToESM ./web node16-cjs": "the web build is ES module code",
  "CJSResolvesToESM ./orgpolicy_bg.wasm node16-cjs": "the .wasm export is for ES module bundlers and edge runtimes",
  "CJSResolvesToESM ./react node16-cjs": "orgpolicy/react is an ES module",
  "CJSResolvesToESM ./authz node16-cjs": "the authorization service's API is an ES module",
  "CJSResolvesToESM ./langsmith node16-cjs": "orgpolicy/langsmith is an ES module",
  "CJSResolvesToESM ./config/web node16-cjs": "the config module's web build is ES module code",
  "CJSResolvesToESM ./config/orgpolicy_config_bg.wasm node16-cjs": "the .wasm export is for ES module bundlers and edge runtimes",
  // TypeScript's node10 resolution ignores `exports`; typesVersions maps the
  // subpaths, but orgpolicy/web meets web/package.json first.
  "NoResolution ./web node10": "node10 cannot load the ES module build anyway",
  "NoResolution ./config/web node10": "node10 cannot load the ES module build anyway",
};

test("@arethetypeswrong/cli on the tarball: no finding beyond the explained ones", (t) => {
  // Into a file, not a pipe: attw exits before a large report has drained
  // through a pipe, and the JSON would be cut short.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgpolicy-attw-"));
  dirs.push(dir);
  const report = path.join(dir, "attw.json");
  const fd = fs.openSync(report, "w");
  spawnSync(bin("attw"), [packed(), "--format", "json"], { stdio: ["ignore", fd, "inherit"] });
  fs.closeSync(fd);
  const problems = JSON.parse(fs.readFileSync(report, "utf8")).analysis.problems.map((p) => `${p.kind} ${p.entrypoint ?? "-"} ${p.resolutionKind ?? "-"}`);
  const global = problems.filter((p) => p.endsWith("- -"));
  const unexplained = problems.filter((p) => !global.includes(p) && !(p in EXPLAINED));
  assert.deepEqual(unexplained, [], "new attw findings");
  for (const g of global) assert.ok(Object.keys(EXPLAINED).some((k) => k.startsWith(g.split(" ")[0])), g);
  for (const p of problems) t.diagnostic(`attw: ${p}${EXPLAINED[p] ? ` (${EXPLAINED[p]})` : ""}`);
});

test("publint on the tarball: no error or warning; the suggestions left are explained", (t) => {
  const dir = fresh("publint");
  const r = spawnSync(bin("publint"), [path.join(dir, "node_modules", "orgpolicy"), "--level", "suggestion"], { encoding: "utf8" });
  const out = r.stdout + r.stderr;
  assert.doesNotMatch(out, /^(Errors|Warnings):/m, out);
  const suggestions = [...out.matchAll(/^\d+\. (.*)$/gm)].map((m) => m[1]);
  const explained = [
    // The Node build instantiates the wasm on load: not side-effect free.
    /does not specify "sideEffects"/,
    // pkg.browser stays for bundlers that predate `exports` (the exports map has the browser condition too).
    /pkg\.browser with a string value/,
  ];
  for (const s of suggestions) {
    assert.ok(explained.some((re) => re.test(s)), `unexplained publint suggestion: ${s}`);
    t.diagnostic(`publint: ${s}`);
  }
});
