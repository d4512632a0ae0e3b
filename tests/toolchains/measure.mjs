// Measures what a React page with orgpolicy/react costs (not a test; its
// figures go to BENCHMARKS.md): the brotli size of what the page loads (the
// Vite build's JS, which holds React, the glue and orgpolicy/react, and the
// .wasm), and the time from navigation to the first decision rendered in
// headless Chromium, for the sample directory and a 10,000-member directory
// against that directory's view for one user (directoryFor), interleaved in
// one run.
//   node tests/toolchains/measure.mjs [rounds=7]
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { HERE, ROOT, SAMPLE, bin, project } from "./support.mjs";
import { startStaticServer } from "../e2e/static-server.mjs";

const require = createRequire(import.meta.url);
const { launchChromium } = require("../js/support.cjs");
const { PolicyEngine } = require(path.join(ROOT, "pkg", "node", "orgpolicy.js"));
const rounds = Number(process.argv[2] ?? 7);

const br = (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = project("measure", ["react", "react-dom", "scheduler", "vite"]);
for (const f of ["index.html", "main.jsx"]) fs.copyFileSync(path.join(HERE, "react-app", f), path.join(dir, f));
execFileSync(bin("vite"), ["build", "--logLevel", "warn"], { cwd: dir, stdio: "inherit" });
const dist = path.join(dir, "dist");

// Sizes: every file the page loads, and orgpolicy/react on its own.
const assets = fs.readdirSync(path.join(dist, "assets")).map((f) => path.join(dist, "assets", f));
const sizeOf = (re) => assets.filter((f) => re.test(f)).reduce((n, f) => n + br(fs.readFileSync(f)), 0);
const SIZES = { js: sizeOf(/\.js$/), wasm: sizeOf(/\.wasm$/) };
const reactOwn = br(fs.readFileSync(path.join(dir, "node_modules", "orgpolicy", "react", "index.mjs")));
const glue = br(Buffer.concat(["orgpolicy.js", "orgpolicy_bindings.js"].map((f) => fs.readFileSync(path.join(dir, "node_modules", "orgpolicy", "web", f)))));

const synth = execFileSync("cargo", ["run", "--quiet", "--release", "--example", "synth_directory", "--", "10000"], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 });
const engine = new PolicyEngine({}, synth);
const viewText = JSON.stringify(engine.directoryFor("user-0"));
engine.free();
const cases = {
  sample: { text: SAMPLE, app: { users: ["user-bob"], permissions: ["runs:create"], orgId: "org-default", workspaceId: "ws-production" } },
  "10k full": { text: synth, app: { users: ["user-0"], permissions: ["runs:create"], orgId: "org-synth", workspaceId: "ws-2" } },
  "10k view (user-0)": { text: viewText, app: { users: ["user-0"], permissions: ["runs:create"], orgId: "org-synth", workspaceId: "ws-2" } },
};

const server = await startStaticServer({ root: dist });
const browser = await launchChromium();
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
try {
  for (let r = 0; r < rounds + 1; r++) {
    for (const [name, c] of Object.entries(cases)) {
      fs.writeFileSync(path.join(dist, "directory.json"), c.text);
      fs.writeFileSync(path.join(dist, "app.json"), JSON.stringify(c.app));
      const context = await browser.newContext(); // a cold cache each time
      const page = await context.newPage();
      await page.goto(`${server.url}/index.html`);
      await page.waitForSelector(`[data-testid="${c.app.users[0]}/can"]`);
      const ms = await page.evaluate(() => performance.now());
      if (r > 0) times[name].push(ms); // round 0 warms the machine
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log(`| what the page loads (brotli -q 11) | size |`);
console.log(`|---|---:|`);
console.log(`| JS (React, react-dom, the glue, orgpolicy/react, the app) | ${kb(SIZES.js)} |`);
console.log(`| .wasm | ${kb(SIZES.wasm)} |`);
console.log(`| **total** | **${kb(SIZES.js + SIZES.wasm)}** |`);
console.log(`| of which the glue (web entry + bindings, unminified) | ${kb(glue)} |`);
console.log(`| of which orgpolicy/react (unminified) | ${kb(reactOwn)} |`);
console.log();
console.log(`| directory | JSON | brotli | navigation → first decision (median of ${rounds}) | ratio to sample |`);
console.log(`|---|---:|---:|---:|---:|`);
const base = median(times.sample);
for (const [name, c] of Object.entries(cases)) {
  const m = median(times[name]);
  console.log(`| ${name} | ${kb(Buffer.byteLength(c.text))} | ${kb(br(Buffer.from(c.text)))} | ${m.toFixed(0)} ms | ${(m / base).toFixed(2)} |`);
}
