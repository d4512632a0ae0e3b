// The middleware's TypeScript declarations: they compile under `strict`
// against real usage (tests/e2e/types/middleware-usage.ts, which also holds
// misuse marked @ts-expect-error), through the package name for both module
// systems (package-esm.mts / package-cjs.cts: each condition's .d.ts matches
// the file it loads), and use no `any`. A default import of the ES module
// fails both at run time and in tsc.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { ROOT } from "./helpers.mjs";

const tsc = `${ROOT}tools/node_modules/.bin/tsc`;

function runTsc(project) {
  assert.ok(existsSync(tsc), "typescript is not installed: run scripts/setup.sh");
  try {
    execFileSync(tsc, ["-p", `${ROOT}tests/e2e/types/${project}`], { stdio: "pipe", encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
}

test("index.d.ts compiles against typed usage (tsc --strict)", () => {
  runTsc("tsconfig.json");
});

test("`orgpolicy/middleware` type-checks for ESM (index.d.mts) and CommonJS (index.d.ts) consumers; a default import does not", () => {
  const link = `${ROOT}tests/e2e/types/node_modules/orgpolicy`;
  if (!existsSync(link)) {
    mkdirSync(`${ROOT}tests/e2e/types/node_modules`, { recursive: true });
    symlinkSync("../../../../pkg", link, "dir");
  }
  runTsc("tsconfig.package.json");
});

test("a default import of the ES module fails at run time too", () => {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", `import m from ${JSON.stringify(`${ROOT}pkg/middleware/index.mjs`)}; console.log(m);`], {
    encoding: "utf8",
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /does not provide an export named 'default'/);
});

test("index.d.ts has no `any`; index.d.mts and index.mjs are one-line re-exports", () => {
  const code = readFileSync(`${ROOT}pkg/middleware/index.d.ts`, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "");
  assert.doesNotMatch(code, /\bany\b/);
  for (const f of ["index.d.mts", "index.mjs"]) {
    assert.equal(readFileSync(`${ROOT}pkg/middleware/${f}`, "utf8"), 'export * from "./index.js";\n', f);
  }
});
