// Size budget of the optimized wasm (raw bytes). Not skippable: when pkg/
// is not built, support.ensurePackage() builds it first.
//
// The goal is 150 KB raw; the build is about 323 KB today (see
// BENCHMARKS.md, "Size", for what it is made of). The budget is a ratchet
// just above today's size, so that the binary cannot grow unnoticed.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import support from "./support.cjs";

support.ensurePackage();

// One .wasm serves both builds (pkg/web/orgpolicy_bg.wasm, loaded by the web
// and the Node bindings alike).
// 340: `directoryFor` (the per-user view and the directory document's JSON
// writer it brings into the module) costs 16.6 KB (321.5 -> 338.1 KB).
export const BUDGETS_KB = {
  web: 340,
};

for (const [build, kb] of Object.entries(BUDGETS_KB)) {
  test(`${build}/orgpolicy_bg.wasm is within ${kb} KB`, (t) => {
    const bytes = fs.readFileSync(path.join(support.PKG, build, "orgpolicy_bg.wasm"));
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    t.diagnostic(`raw ${(bytes.length / 1024).toFixed(1)} KB, gzip ${(gzip / 1024).toFixed(1)} KB, brotli ${(brotli / 1024).toFixed(1)} KB`);
    assert.ok(bytes.length <= kb * 1024, `${build}/orgpolicy_bg.wasm is ${(bytes.length / 1024).toFixed(1)} KB, over the ${kb} KB budget`);
  });
}

test("the Node build has no .wasm of its own: it loads the web build's", () => {
  assert.equal(fs.existsSync(path.join(support.PKG, "node", "orgpolicy_bg.wasm")), false);
  assert.match(fs.readFileSync(path.join(support.PKG, "node", "orgpolicy.js"), "utf8"), /require\("\.\.\/web\/orgpolicy_node\.cjs"\)/);
});
