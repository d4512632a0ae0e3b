// Every Node example of pkg/README.md (```js test=cjs / ```js test=esm
// blocks) runs, and each `console.log(...); // expected` prints what its
// comment says, so the README cannot drift from the code.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import support from "./support.cjs";

support.ensurePackage();
// Both the package README and the project README (whose examples read
// files relative to the repository root, where they run).
const blocks = [path.join(support.PKG, "README.md"), path.join(support.ROOT, "README.md")].flatMap((file) =>
  [...fs.readFileSync(file, "utf8").matchAll(/```js test=(cjs|esm)\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1], code: m[2] })),
);
const tmp = path.join(path.dirname(new URL(import.meta.url).pathname), ".tmp");

test("the README has runnable examples", () => {
  assert.ok(blocks.length >= 3, `${blocks.length} blocks`);
});

blocks.forEach(({ kind, code }, i) => {
  test(`README example ${i + 1} (${kind})`, () => {
    fs.mkdirSync(tmp, { recursive: true });
    const file = path.join(tmp, `readme-${i + 1}.${kind === "cjs" ? "cjs" : "mjs"}`);
    fs.writeFileSync(file, code);
    const expected = [...code.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) => m[1].trim());
    assert.ok(expected.length > 0, "an example with nothing to compare");
    const out = execFileSync(process.execPath, [file], { encoding: "utf8", cwd: support.ROOT }).trim().split("\n").map((l) => l.trim());
    assert.deepEqual(out, expected);
  });
});
