// Cold start of two builds of the package side by side, and what V8's wasm
// compilation tiers cost (to learn where the time goes; the package itself
// sets no V8 flag). Each run is a fresh `node bench/children/cold.mjs`
// (load + build examples/sample-directory.json from text + one `can`);
// variants interleave round by round; figures are medians.
//   node bench/experiments/cold-compare.mjs [--base=DIR] [--pkg=DIR ...] [--runs=15] [--flags]
// DIR is a package folder (pkg/ or a copy of it); --pkg may repeat; without
// --base only --pkg (default: pkg/) is measured, ratios against the first.
// --flags adds runs of the last --pkg under `--no-wasm-tier-up`,
// `--liftoff-only` and `--no-wasm-lazy-compilation`.
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "../children/common.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2).map((a) => [a.replace(/^--/, "").split("=")[0], a.split("=")[1] ?? true]);
const args = new Map(argv);
const RUNS = Number(args.get("runs") ?? 15);
const pkgs = argv.filter(([k]) => k === "pkg").map(([, v]) => resolve(String(v)));
if (pkgs.length === 0) pkgs.push(resolve(join(HERE, "../../pkg")));
const pkg = pkgs[pkgs.length - 1];
const builds = [...(args.has("base") ? [["base", resolve(String(args.get("base")))]] : []), ...pkgs.map((p) => [pkgs.length > 1 ? p : "pkg", p])];
const flagSets = args.has("flags") ? [[], ["--no-wasm-tier-up"], ["--liftoff-only"], ["--no-wasm-lazy-compilation"]] : [[]];

const variants = [];
for (const entry of ["orgpolicy-cjs", "orgpolicy-esm"]) {
  for (const [name, dir] of builds) variants.push({ label: `${name} ${entry}`, dir, entry, flags: [] });
  for (const flags of flagSets.slice(1)) variants.push({ label: `pkg ${entry} ${flags.join(" ")}`, dir: pkg, entry, flags });
}

const load = () => loadavg()[0].toFixed(2);
const loadStart = load();
const results = new Map(variants.map((v) => [v.label, []]));
for (let round = 0; round < RUNS; round++) {
  for (let i = 0; i < variants.length; i++) {
    const v = variants[(i + round) % variants.length];
    const r = spawnSync(process.execPath, [...v.flags, join(HERE, "../children/cold.mjs"), v.entry], {
      env: { ...process.env, ORGPOLICY_PKG: v.dir },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`${v.label}: exit ${r.status}\n${r.stderr}`);
    results.get(v.label).push(JSON.parse(r.stdout));
  }
}

const ms = (x) => `${x.toFixed(1)} ms`;
console.log(`${RUNS} runs per variant, interleaved; medians. Load average ${loadStart} → ${load()}.`);
console.log("| variant | load + build + first answer | load | build | first answer | ÷ first variant of its entry |");
console.log("|---|---:|---:|---:|---:|---:|");
const firstOf = new Map();
for (const v of variants) {
  const rs = results.get(v.label);
  const m = (k) => median(rs.map((r) => r[k]));
  if (!firstOf.has(v.entry)) firstOf.set(v.entry, m("ms"));
  console.log(`| ${v.label} | **${ms(m("ms"))}** | ${ms(m("load"))} | ${ms(m("build"))} | ${m("first").toFixed(2)} ms | ${(m("ms") / firstOf.get(v.entry)).toFixed(2)} |`);
}
