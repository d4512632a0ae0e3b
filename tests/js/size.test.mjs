// Size budget of the optimized wasm (raw bytes). Not skippable: when pkg/ is
// not built, support.ensurePackage() builds it first.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import support from "./support.cjs";

support.ensurePackage();

export const BUDGET_BYTES = 150 * 1024;

for (const build of ["web", "node"]) {
  test(`${build}/orgpolicy_bg.wasm is within ${BUDGET_BYTES / 1024} KB`, (t) => {
    const bytes = fs.readFileSync(path.join(support.PKG, build, "orgpolicy_bg.wasm"));
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    t.diagnostic(`raw ${(bytes.length / 1024).toFixed(1)} KB, gzip ${(gzip / 1024).toFixed(1)} KB, brotli ${(brotli / 1024).toFixed(1)} KB`);
    assert.ok(
      bytes.length <= BUDGET_BYTES,
      `${build}/orgpolicy_bg.wasm is ${(bytes.length / 1024).toFixed(1)} KB, over the ${BUDGET_BYTES / 1024} KB budget`,
    );
  });
}
