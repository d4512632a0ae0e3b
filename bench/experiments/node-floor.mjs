// What a cold start in Node costs before any library code runs, and what
// V8 charges per wasm module, measured in fresh processes (to learn where
// the floor is; BENCHMARKS.md "Cold start: one Node entry file, and what is
// left"):
//   - `import()` of an empty ES module, `createRequire`, the first `require`
//     of a one-line CommonJS file;
//   - `new WebAssembly.Instance` of a generated module whose only content is
//     N imported JS functions of distinct signatures (V8 compiles a wrapper
//     per signature on the first instantiation in a process);
//   - `new WebAssembly.Module` and a first and second `Instance` of the
//     package's engine module (stub imports: nothing runs).
//   node bench/experiments/node-floor.mjs [--runs=15] [--pkg=DIR]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median } from "../children/common.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const args = new Map(process.argv.slice(2).map((a) => [a.replace(/^--/, "").split("=")[0], a.split("=")[1] ?? true]));
const RUNS = Number(args.get("runs") ?? 15);
const WASM = join(resolve(String(args.get("pkg") ?? join(HERE, "../../pkg"))), "web/orgpolicy_bg.wasm");

const tmp = mkdtempSync(join(tmpdir(), "node-floor-"));
writeFileSync(join(tmp, "empty.mjs"), "export const a = 1;\n");
writeFileSync(join(tmp, "one.cjs"), "module.exports = { a: 1 };\n");

// A wasm module of `n` function imports, each of its own signature (the
// shapes wasm-bindgen's imports have: externref and i32 in, one result).
const GEN = `
const E = 0x6f, I = 0x7f, F = 0x7c;
const SIGS = [[[E],[I]],[[E],[E]],[[],[E]],[[I,I],[E]],[[E,I],[E]],[[I,E],[]],[[E,I,I],[E]],[[I,I],[]],[[F],[E]],[[E,I],[F]],[[E,I,I],[]],[[E,E],[I]],[[E,E,E],[I]],[[E,E,E],[E]],[[],[]]];
const leb = (n) => { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; };
const section = (id, body) => [id, ...leb(body.length), ...body];
function module(n) {
  const types = [...leb(n)], imports = [...leb(n)];
  for (let i = 0; i < n; i++) {
    const [p, r] = SIGS[i];
    types.push(0x60, ...leb(p.length), ...p, ...leb(r.length), ...r);
    const name = [...Buffer.from("f" + i)];
    imports.push(1, 0x6d, ...leb(name.length), ...name, 0, ...leb(i));
  }
  return new WebAssembly.Module(Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...section(1, types), ...section(2, imports)]));
}`;

// The engine module's bytes, and an import object of stubs for a module.
const ENGINE = `
const bytes = (await import("node:fs")).readFileSync(${JSON.stringify(WASM)});
const stubs = (m) => { const o = {}; for (const i of WebAssembly.Module.imports(m)) (o[i.module] ||= {})[i.name] = () => 0; return o; }`;

const cases = {
  "`import()` of an empty ES module": `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(join(tmp, "empty.mjs")).href)}); out(performance.now() - t);`,
  "`createRequire`": `const { createRequire } = await import("node:module"); const t = performance.now(); createRequire(import.meta.url); out(performance.now() - t);`,
  "first `require` of a one-line CommonJS file": `const { createRequire } = await import("node:module"); const r = createRequire(import.meta.url); const t = performance.now(); r(${JSON.stringify(join(tmp, "one.cjs"))}); out(performance.now() - t);`,
  ...Object.fromEntries(
    [1, 5, 15].map((n) => [
      `first \`Instance\` of a module of ${n} import(s) of distinct signatures`,
      `${GEN}; const m = module(${n}); const imports = { m: {} }; for (let i = 0; i < ${n}; i++) imports.m["f" + i] = () => 0; const t = performance.now(); new WebAssembly.Instance(m, imports); out(performance.now() - t);`,
    ]),
  ),
  "engine module: `new WebAssembly.Module`": `${ENGINE}; const t = performance.now(); new WebAssembly.Module(bytes); out(performance.now() - t);`,
  "engine module: first `Instance` (stub imports)": `${ENGINE}; const m = new WebAssembly.Module(bytes); const t = performance.now(); new WebAssembly.Instance(m, stubs(m)); out(performance.now() - t);`,
  "engine module: second `Instance` in the same process": `${ENGINE}; const m = new WebAssembly.Module(bytes); const imports = stubs(m); new WebAssembly.Instance(m, imports); const t = performance.now(); new WebAssembly.Instance(m, imports); out(performance.now() - t);`,
};

const load = () => loadavg()[0].toFixed(2);
const loadStart = load();
const times = new Map(Object.keys(cases).map((k) => [k, []]));
const names = Object.keys(cases);
try {
  for (let r = 0; r < RUNS; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      const file = join(tmp, "case.mjs");
      writeFileSync(file, `const out = (ms) => process.stdout.write(String(ms));\n${cases[name]}\n`);
      const p = spawnSync(process.execPath, [file], { encoding: "utf8" });
      if (p.status !== 0) throw new Error(`${name}: exit ${p.status}\n${p.stderr}`);
      times.get(name).push(Number(p.stdout));
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`${RUNS} fresh processes per row, interleaved; medians (min–max). Load average ${loadStart} → ${load()}.`);
console.log("| step | ms |");
console.log("|---|---:|");
for (const [name, t] of times) console.log(`| ${name} | ${median(t).toFixed(2)} (${Math.min(...t).toFixed(2)}–${Math.max(...t).toFixed(2)}) |`);
