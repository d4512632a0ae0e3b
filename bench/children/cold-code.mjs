// How much wasm code V8 compiles before the first decision: V8 compiles a
// wasm function (with Liftoff) the first time it is called, so the first
// build and the first check pay for every function they reach, whole, error
// paths included. Deterministic, unlike timings: count and bytes of function
// bodies compiled while building examples/sample-directory.json from text
// and while answering the first `can`, in a fresh `node
// --trace-wasm-compilation-times` (a diagnostic flag of that child only).
// run.mjs prints it under the cold start (`--json`).
//   node bench/children/cold-code.mjs [DIR] [--top=N] [--json]
// DIR: a package folder (default: $ORGPOLICY_PKG, else pkg/). With a build
// that keeps the wasm name section (wasm-opt -g), --top lists the N largest
// functions compiled, by name.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const dir = resolve(argv.find((a) => !a.startsWith("--")) ?? process.env.ORGPOLICY_PKG ?? join(HERE, "../../pkg"));
const top = Number(argv.find((a) => a.startsWith("--top="))?.slice(6) ?? 0);
const SAMPLE = join(HERE, "../../examples/sample-directory.json");

const child = `
const { PolicyEngine } = require(${JSON.stringify(join(dir, "node/orgpolicy.js"))});
const text = require("node:fs").readFileSync(${JSON.stringify(SAMPLE)}, "utf8");
console.error("=== build");
const engine = new PolicyEngine({}, text);
console.error("=== first");
const answer = engine.can("user-bob", "org-default", "ws-production", "runs:delete");
console.error("=== end " + answer);
`;
// V8 prints the trace to stdout and the child its phase marks to stderr, both
// unbuffered: one file for both keeps their order.
const tmp = mkdtempSync(join(tmpdir(), "cold-code-"));
writeFileSync(join(tmp, "child.cjs"), child);
const r = spawnSync("sh", ["-c", '"$0" --trace-wasm-compilation-times "$1" > "$2" 2>&1', process.execPath, join(tmp, "child.cjs"), join(tmp, "out.txt")]);
const out = readFileSync(join(tmp, "out.txt"), "utf8");
rmSync(tmp, { recursive: true });
if (r.status !== 0 || !out.includes("=== end true")) throw new Error(`child failed (${r.status}): ${out.slice(-500)}`);

/** Function index → name, from the module's name section (empty without one). */
function names(bytes) {
  const out = new Map();
  let p = 8;
  const leb = () => {
    let r = 0, s = 0, x;
    do { x = bytes[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return r;
  };
  while (p < bytes.length) {
    const id = bytes[p++], end = leb() + p;
    if (id === 0) {
      const n = leb(), name = bytes.subarray(p, p + n).toString();
      p += n;
      while (name === "name" && p < end) {
        const sub = bytes[p++], subEnd = leb() + p;
        if (sub === 1) for (let i = leb(); i > 0; i--) { const idx = leb(), l = leb(); out.set(idx, bytes.subarray(p, p + l).toString()); p += l; }
        p = subEnd;
      }
    }
    p = end;
  }
  return out;
}
const fnNames = names(readFileSync(join(dir, "web/orgpolicy_bg.wasm")));

let phase = "load";
const phases = new Map();
const compiled = [];
for (const line of out.split("\n")) {
  if (line.startsWith("=== ")) { phase = line.slice(4).split(" ")[0]; continue; }
  const m = /#(\d+) using (\w+).*bodysize (\d+)/.exec(line);
  if (!m) continue;
  const p = phases.get(`${phase} ${m[2]}`) ?? { n: 0, bytes: 0 };
  p.n++;
  p.bytes += Number(m[3]);
  phases.set(`${phase} ${m[2]}`, p);
  compiled.push({ phase, tier: m[2], bytes: Number(m[3]), name: fnNames.get(Number(m[1]))?.replace(/::h[0-9a-f]{16}$/, "") ?? `#${m[1]}` });
}
const wasmBytes = readFileSync(join(dir, "web/orgpolicy_bg.wasm")).length;
if (argv.includes("--json")) {
  process.stdout.write(JSON.stringify({ wasmBytes, phases: Object.fromEntries(phases) }) + "\n");
  process.exit(0);
}
console.log(`${dir}: web/orgpolicy_bg.wasm ${(wasmBytes / 1024).toFixed(1)} KB`);
console.log("| phase | tier | functions | body bytes |");
console.log("|---|---|---:|---:|");
for (const [k, v] of phases) console.log(`| ${k.replace(" ", " | ")} | ${v.n} | ${v.bytes} |`);
for (const c of compiled.sort((a, b) => b.bytes - a.bytes).slice(0, top)) console.log(`${String(c.bytes).padStart(7)}  ${c.phase} ${c.tier}  ${c.name.slice(0, 150)}`);
