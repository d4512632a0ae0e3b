// Two builds of the package side by side: build time from JSON text and
// wasm memory per member, one fresh process per (build, size, round), the
// builds alternating within each round, medians and ratios printed.
//   node bench/experiments/compare-build.mjs <pkgA> <pkgB> [rounds=3] [sizes=1000,10000,100000]
// <pkg>: a copy of pkg/ (e.g. `cp -r pkg /tmp/pkg-before` before a change).
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "../children/common.mjs";

const [a, b, roundsArg, sizesArg] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: node bench/experiments/compare-build.mjs <pkgA> <pkgB> [rounds] [sizes]");
  process.exit(2);
}
const rounds = Number(roundsArg ?? 3);
const sizes = (sizesArg ?? "1000,10000,100000").split(",").map(Number);
const scale = join(dirname(fileURLToPath(import.meta.url)), "../children/scale.mjs");
const pkgs = [resolve(a), resolve(b)];

const runs = new Map(); // `${pkg} ${n}` -> [results]
const load0 = loadavg()[0];
for (let r = 0; r < rounds; r++) {
  for (const n of sizes) {
    const order = r % 2 ? [...pkgs].reverse() : pkgs;
    for (const pkg of order) {
      const out = execFileSync(process.execPath, ["--expose-gc", scale, String(n)], {
        env: { ...process.env, ORGPOLICY_PKG: pkg },
        encoding: "utf8",
      });
      const key = `${pkg} ${n}`;
      runs.set(key, [...(runs.get(key) ?? []), JSON.parse(out)]);
    }
  }
}
const load1 = loadavg()[0];

const fmt = (x, d = 1) => x.toFixed(d);
console.log(`A = ${pkgs[0]}\nB = ${pkgs[1]}`);
console.log(`${rounds} rounds, builds alternating; load average ${fmt(load0, 2)} -> ${fmt(load1, 2)}\n`);
console.log("| members | build from text A | B | B ÷ A | build from object A | B | B ÷ A | memory per member A | B | B ÷ A |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const n of sizes) {
  const [ra, rb] = pkgs.map((p) => runs.get(`${p} ${n}`));
  const m = (rs, f) => median(rs.map(f));
  const text = [ra, rb].map((rs) => m(rs, (x) => x.buildTextMs));
  const obj = [ra, rb].map((rs) => m(rs, (x) => x.buildObjectMs));
  const mem = [ra, rb].map((rs) => m(rs, (x) => x.wasmPerEngine / n));
  console.log(
    `| ${n.toLocaleString("en")} | ${fmt(text[0])} ms | ${fmt(text[1])} ms | **${fmt(text[1] / text[0], 2)}** | ` +
      `${fmt(obj[0])} ms | ${fmt(obj[1])} ms | ${fmt(obj[1] / obj[0], 2)} | ` +
      `${fmt(mem[0], 0)} B | ${fmt(mem[1], 0)} B | **${fmt(mem[1] / mem[0], 2)}** |`,
  );
}
