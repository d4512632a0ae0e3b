// Time to first decision in headless Chromium (run.mjs runs this once): a
// page loads the plain web build (`web/orgpolicy.js`: `init()` fetches the
// .wasm), fetches examples/sample-directory.json, builds the engine and
// answers one check. An empty module page, the same number of times,
// interleaved, is the browser's own share. Each load is a fresh browser
// context (cold HTTP cache). Times are the page's `performance.now()`
// (from navigation start). Prints JSON: per case, the medians.
//   node bench/children/browser.mjs <rounds>
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./common.mjs";

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const { servePage, launchChromium } = require(join(ROOT, "tests/js/support.cjs"));
const rounds = Number(process.argv[2] ?? 7);
// The snapshot run.mjs made, or pkg/ itself; served from the repository root.
const pkg = "/" + relative(ROOT, process.env.ORGPOLICY_PKG || join(ROOT, "pkg")).split("\\").join("/");
const Q = ["user-bob", "org-default", "ws-production", "runs:delete"]; // true: Bob is Workspace Admin there

const PAGES = {
  empty: `<!doctype html><script type="module">window.result = { total: performance.now() };</script>`,
  orgpolicy: `<!doctype html><script type="module">
import init, { PolicyEngine } from "${pkg}/web/orgpolicy.js";
const t = { start: performance.now() };
await init();
t.init = performance.now();
const text = await (await fetch("/examples/sample-directory.json")).text();
t.fetch = performance.now();
const engine = new PolicyEngine({}, text);
t.build = performance.now();
const answer = engine.can(${Q.map((q) => JSON.stringify(q)).join(", ")});
t.first = performance.now();
window.result = { answer, total: t.first, modules: t.start, init: t.init - t.start, fetch: t.fetch - t.init, build: t.build - t.fetch, first: t.first - t.build };
</script>`,
};

const servers = {};
for (const [name, html] of Object.entries(PAGES)) servers[name] = await servePage(html);
const browser = await launchChromium();
const version = browser.version();
const samples = Object.fromEntries(Object.keys(PAGES).map((k) => [k, []]));
try {
  for (let r = 0; r < rounds + 1; r++) {
    const names = Object.keys(PAGES);
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + r) % names.length];
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${servers[name].address().port}/`);
      await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 });
      const result = await page.evaluate(() => window.result);
      await context.close();
      if (name === "orgpolicy" && result.answer !== true) throw new Error(`wrong answer in Chromium: ${result.answer}`);
      if (r > 0) samples[name].push(result); // round 0 warms the machine
    }
  }
} finally {
  await browser.close();
  for (const s of Object.values(servers)) s.close();
}
const out = { rounds, version };
for (const [name, list] of Object.entries(samples)) {
  out[name] = Object.fromEntries(Object.keys(list[0]).filter((k) => k !== "answer").map((k) => [k, median(list.map((x) => x[k]))]));
}
process.stdout.write(JSON.stringify(out) + "\n");
