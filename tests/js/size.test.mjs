// Size budget of the optimized wasm (raw bytes). Not skippable: when pkg/
// is not built, support.ensurePackage() builds it first.
//
// The goal is 150 KB raw for the engine module; it is about 352 KB today:
// 246 KB of engine (without the `.env` / values.yaml readers, which are the
// `orgpolicy/config` module's, about 642 KB: serde-saphyr), plus the
// connector's mapping of the platform's API documents (`directoryFromApi`,
// `PolicyEngine.fromApi`) and changes applied in place (`applyChanges`,
// `directory()`, `canManyHandles`) and the per-user view (`directoryFor`). See BENCHMARKS.md, "Size". Each budget
// is a ratchet just above today's size, so that neither module can grow
// unnoticed.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import support from "./support.cjs";

support.ensurePackage();

// One .wasm per module serves both builds (<dir>/web/<name>_bg.wasm, loaded
// by the web and the Node bindings alike). `directoryFor` (the per-user view
// and the directory document's JSON writer it brings into the module) cost
// 16.6 KB when it was added. Reading a directory's members straight from
// the parsed text (a second, fast reader beside `MemberDoc`'s, with the
// document reader kept for errors) and the parser's shared item stacks
// cost 7.9 KB: building 100k members from text takes about 0.6x the time
// and the engine about 0.65x the memory (BENCHMARKS.md, "Building from text").
// `check` on handles with its decisions kept by number (the string `check`
// at about 2.3× `can` instead of 3.7×, see BENCHMARKS.md) cost 3.5 KB.
// Reading the members straight from the JSON text, with no tree for them
// (`json::parse_deferring` and its `Cursor`, the member reader of
// src/directory/build.rs beside the tree's) cost 9.5 KB: building 100k
// members from text in about 0.8x the time (BENCHMARKS.md, "Members read
// from the text"). The e-mail check without the standard library's char
// searcher and argument errors written out of line saved 9 KB (BENCHMARKS.md,
// "Cold start: export signatures and the first build").
// Building the member and user indexes at once, in the order of their
// slots, instead of one insert after the other (`IdIndex::from_entries`,
// with the one-by-one inserts kept for documents and for reporting
// repeats) cost 5.7 KB: building 100k members from text in about 0.8x the
// time (BENCHMARKS.md, "Indexes built at once"). The member reader's
// strings scanned in one loop and its white space, string and separator
// steps inlined (`#[inline(always)]`: the module is built for size, and
// these run about 20 times per member) cost 3.6 KB: about 0.9x the build
// time again (same section).
// The user table's hot entries (a check on handles reads
// one 12-byte entry of the user, not the member and its workspace list:
// per-check time about flat from 1k to 100k members, BENCHMARKS.md "Hot
// entries") cost 2.2 KB.
export const BUDGETS_KB = {
  "web/orgpolicy_bg.wasm": 378,
  "config/web/orgpolicy_config_bg.wasm": 648,
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

test("the engine module carries no YAML or .env reader", () => {
  const engine = fs.readFileSync(path.join(support.PKG, "web", "orgpolicy_bg.wasm"));
  const config = fs.readFileSync(path.join(support.PKG, "config", "web", "orgpolicy_config_bg.wasm"));
  const marker = Buffer.from("is not valid YAML");
  assert.ok(config.includes(marker), "the config module reports YAML errors");
  assert.ok(!engine.includes(marker), "the engine module has the values.yaml reader");
});

for (const [dir, name] of [["", "orgpolicy"], ["config", "orgpolicy_config"]]) {
  test(`the Node build of ${name} has no .wasm of its own: it loads the web build's`, () => {
    assert.equal(fs.existsSync(path.join(support.PKG, dir, "node", `${name}_bg.wasm`)), false);
    const entry = fs.readFileSync(path.join(support.PKG, dir, "node", `${name}.js`), "utf8");
    assert.match(entry, new RegExp(`^const wasmPath = \`\\$\\{__dirname\\}/\\.\\./web/${name}_bg\\.wasm\`;$`, "m"));
  });
}
