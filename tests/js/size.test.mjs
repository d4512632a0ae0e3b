// Size budget of the optimized wasm (raw bytes). Not skippable: when pkg/
// is not built, support.ensurePackage() builds it first.
//
// The goal is 150 KB raw for the engine module; it is about 348 KB today:
// 246 KB of engine (without the `.env` / values.yaml readers, which are the
// `orgpolicy/config` module's, about 642 KB: serde-saphyr), plus the
// connector's mapping of the platform's API documents (`directoryFromApi`,
// `PolicyEngine.fromApi`) and changes applied in place (`applyChanges`,
// `directory()`, `canManyHandles`). See BENCHMARKS.md, "Size". Each budget
// is a ratchet just above today's size, so that neither module can grow
// unnoticed.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import support from "./support.cjs";

support.ensurePackage();

export const BUDGETS_KB = {
  "web/orgpolicy_bg.wasm": 350,
  "node/orgpolicy_bg.wasm": 350,
  "config/web/orgpolicy_config_bg.wasm": 648,
  "config/node/orgpolicy_config_bg.wasm": 648,
};

for (const [build, kb] of Object.entries(BUDGETS_KB)) {
  test(`${build} is within ${kb} KB`, (t) => {
    const bytes = fs.readFileSync(path.join(support.PKG, build));
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    t.diagnostic(`raw ${(bytes.length / 1024).toFixed(1)} KB, gzip ${(gzip / 1024).toFixed(1)} KB, brotli ${(brotli / 1024).toFixed(1)} KB`);
    assert.ok(bytes.length <= kb * 1024, `${build} is ${(bytes.length / 1024).toFixed(1)} KB, over the ${kb} KB budget`);
  });
}

for (const [dir, name] of [["", "orgpolicy"], ["config", "orgpolicy_config"]]) {
  test(`both builds carry the same ${name} module`, () => {
    const web = fs.readFileSync(path.join(support.PKG, dir, "web", `${name}_bg.wasm`));
    const node = fs.readFileSync(path.join(support.PKG, dir, "node", `${name}_bg.wasm`));
    assert.equal(web.length, node.length);
  });
}

test("the engine module carries no YAML or .env reader", () => {
  const engine = fs.readFileSync(path.join(support.PKG, "web", "orgpolicy_bg.wasm"));
  const config = fs.readFileSync(path.join(support.PKG, "config", "web", "orgpolicy_config_bg.wasm"));
  const marker = Buffer.from("is not valid YAML");
  assert.ok(config.includes(marker), "the config module reports YAML errors");
  assert.ok(!engine.includes(marker), "the engine module has the values.yaml reader");
});
