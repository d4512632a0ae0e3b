// Every example of pkg/middleware/README.md (```js test=esm blocks) runs from
// the repository root with `orgpolicy` and `orgpolicy/middleware` resolved to
// this checkout, and each `console.log(...); // expected` prints what its
// comment says; the counts the README states are the generated table's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
const { langsmithTable } = require("../../pkg/middleware/index.js");
const README = readFileSync(`${ROOT}pkg/middleware/README.md`, "utf8");
const blocks = [...README.matchAll(/```js test=esm\n([\s\S]*?)```/g)].map((m) => m[1]);
const tmp = `${ROOT}tests/js/.tmp`;

test("the middleware README has runnable examples", () => {
  assert.ok(blocks.length >= 3, `${blocks.length} blocks`);
});

blocks.forEach((code, i) => {
  test(`middleware README example ${i + 1}`, () => {
    const local = code
      .replace(/from "orgpolicy\/middleware"/g, `from ${JSON.stringify(`${ROOT}pkg/middleware/index.mjs`)}`)
      .replace(/from "orgpolicy"/g, `from ${JSON.stringify(`${ROOT}pkg/esm-node.mjs`)}`);
    mkdirSync(tmp, { recursive: true });
    const file = `${tmp}/middleware-readme-${i + 1}.mjs`;
    writeFileSync(file, local);
    const expected = [...code.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) => m[1].trim());
    assert.ok(expected.length > 0, "an example with nothing to compare");
    const out = execFileSync(process.execPath, [file], { encoding: "utf8", cwd: ROOT }).trim().split("\n").map((l) => l.trim());
    assert.deepEqual(out, expected);
  });
});

test("the counts in the README are the generated table's", () => {
  const c = langsmithTable().counts;
  const scopes = Object.entries(c.routesByScope).map(([k, v]) => `${v} ${k}`).join(", ");
  assert.ok(README.includes(`**${c.operations} operations: ${c.mapped} mapped (${c.routes} routes: ${scopes}), ${c.unmapped} unmapped**`), "the figures line");
  for (const [reason, n] of Object.entries(c.unmappedByReason)) {
    assert.match(README, new RegExp(`\\| \`${reason}\` \\| ${n} \\|`), reason);
  }
});
