// The shape of the wasm modules' exports, which decides what V8 compiles
// while compiling a module (BENCHMARKS.md, "Cold start: export signatures
// and the first build"): Node's V8 calls an export through its generic
// JS-to-wasm wrapper when the export's parameters are numbers or
// `externref`s and it has at most one result; any other signature gets a
// wrapper compiled with TurboFan inside `new WebAssembly.Module` (~0.1 ms
// each). scripts/build.sh has wasm-bindgen return results through the
// shadow stack, so every export qualifies; these tests fail when a build
// brings multi-value returns (or another kind of parameter) back.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import support from "./support.cjs";

support.ensurePackage();

const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, EXTERNREF = 0x6f;
const NAMES = { [I32]: "i32", [I64]: "i64", [F32]: "f32", [F64]: "f64", [EXTERNREF]: "externref", 0x70: "funcref" };

/** Each exported function of a module with its parameter and result types. */
function exportedSignatures(bytes) {
  let p = 8;
  const leb = () => {
    let r = 0, s = 0, x;
    do {
      x = bytes[p++];
      r += (x & 0x7f) * 2 ** s;
      s += 7;
    } while (x & 0x80);
    return r;
  };
  const types = [], functions = [], exports = [];
  let imported = 0;
  while (p < bytes.length) {
    const id = bytes[p++], end = leb() + p;
    if (id === 1) {
      for (let n = leb(); n > 0; n--) {
        assert.equal(bytes[p++], 0x60, "a function type");
        const params = [], results = [];
        for (let k = leb(); k > 0; k--) params.push(bytes[p++]);
        for (let k = leb(); k > 0; k--) results.push(bytes[p++]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        for (let name = 0; name < 2; name++) {
          const len = leb(); // module, then field
          p += len;
        }
        const kind = bytes[p++];
        const limits = () => {
          const flags = bytes[p++];
          leb();
          if (flags & 1) leb();
        };
        if (kind === 0) {
          leb();
          imported++;
        } else if (kind === 1) {
          p++; // the table's element type
          limits();
        } else if (kind === 2) limits();
        else if (kind === 3) p += 2;
        else assert.fail(`import kind ${kind}`);
      }
    } else if (id === 3) {
      for (let n = leb(); n > 0; n--) functions.push(leb());
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) {
        const len = leb();
        const name = bytes.subarray(p, p + len).toString();
        p += len;
        const kind = bytes[p++], index = leb();
        if (kind === 0 && index >= imported) exports.push({ name, ...types[functions[index - imported]] });
      }
    }
    p = end;
  }
  return exports;
}

for (const file of ["web/orgpolicy_bg.wasm", "config/web/orgpolicy_config_bg.wasm"]) {
  test(`every export of ${file} is called through V8's generic wrapper`, () => {
    const exports = exportedSignatures(fs.readFileSync(path.join(support.PKG, file)));
    assert.ok(exports.length > 5, `${exports.length} exported functions read`);
    const generic = (t) => [I32, I64, F32, F64, EXTERNREF].includes(t);
    const special = exports.filter((e) => e.results.length > 1 || !e.params.every(generic) || !e.results.every(generic));
    const show = (e) => `${e.name}(${e.params.map((t) => NAMES[t] ?? t)}) -> (${e.results.map((t) => NAMES[t] ?? t)})`;
    assert.deepEqual(special.map(show), [], "exports whose wrapper V8 compiles with the module");
  });
}

test("the glue checks its DataView of the wasm memory without the memory.buffer getter", () => {
  for (const file of ["node/orgpolicy.js", "web/orgpolicy_bindings.js", "config/node/orgpolicy_config.js"]) {
    const src = fs.readFileSync(path.join(support.PKG, file), "utf8");
    const start = src.indexOf("function getDataViewMemory0");
    assert.ok(start >= 0, `${file}: no getDataViewMemory0`);
    const condition = src.slice(start).split("\n")[1];
    assert.match(condition, /cachedDataViewMemory0\.buffer\.byteLength === 0/, file);
    assert.doesNotMatch(condition, /memory\.buffer/, file);
  }
});
