// Size budgets of the optimized wasm (raw bytes), per build. Not skippable:
// when pkg/ is not built, support.ensurePackage() builds it first.
//
// The goal was 150 KB raw for the engine; the lean build
// (`orgpolicy/core`) is 465 KB today, most of it serde code generated per
// input and output type (see BENCHMARKS.md, "Size"). These budgets stop it
// growing while that work is open.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import support from "./support.cjs";

support.ensurePackage();

export const BUDGETS_KB = {
  "core/web": 480, // lean build: the engine, .env reading, no YAML parser
  "core/node": 480,
  web: 1024, // full build: adds Helm values.yaml reading (serde-saphyr)
  node: 1024,
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

test("the lean build reads .env but says where Helm values.yaml support is", async () => {
  const core = await import("orgpolicy/core");
  assert.equal(core.parseEnv("AUTH_TYPE=oauth\n").config.authMode, "oauth");
  assert.throws(() => core.parseHelmValues("config:\n  authType: oauth\n"), (e) => e.code === "CONFIG_INVALID" && /orgpolicy\/core/.test(e.message));
  const full = await import("orgpolicy");
  assert.equal(full.parseHelmValues("config:\n  authType: oauth\n").config.authMode, "oauth");
});
