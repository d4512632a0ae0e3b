// A sample of the native-vs-wasm differential cases (see differential.test.mjs)
// replayed inside headless Chromium through the web build (pkg/web), so the
// third runtime is compared too. Replay: DIFF_BROWSER_SEED=<seed>.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import support from "./support.cjs";

support.ensurePackage();
const { chromium } = createRequire(path.join(support.ROOT, "tools", "package.json"))("playwright-core");

const SEED = Number(process.env.DIFF_BROWSER_SEED ?? 44);
const COUNT = 5;

const PAGE = `<!doctype html><meta charset="utf-8"><title>differential</title>
<script type="module">
  import init, { PolicyEngine } from "/pkg/web/orgpolicy.js";
  const same = (a, b) => {
    if (a === b) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]));
  };
  window.compare = async (cases) => {
    await init();
    let compared = 0;
    const bad = [];
    cases.forEach((c, ci) => {
      const engine = new PolicyEngine(c.config, JSON.stringify(c.directory));
      c.calls.forEach((call, i) => {
        compared++;
        let got;
        try {
          got = { result: engine.call(call.method, call.input) };
        } catch (e) {
          got = { error: { code: e.code, path: e.path } };
        }
        const want = "error" in call ? { error: call.error } : { result: call.result };
        if (!same(got, want)) bad.push({ case: ci, call: i, method: call.method, input: call.input, native: want, browser: got });
      });
      engine.free();
    });
    return { compared, bad };
  };
  window.ready = true;
</script>`;

const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm" };

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (url.pathname === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    const file = path.join(support.ROOT, path.normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(path.join(support.ROOT, "pkg")) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test(`native and wasm-in-Chromium agree (seed ${SEED}, ${COUNT} directories)`, { timeout: 120_000 }, async (t) => {
  const cases = JSON.parse(
    execFileSync("cargo", ["run", "--release", "-q", "--example", "differential_cases", "--", String(SEED), String(COUNT)], {
      cwd: support.ROOT,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.ready === true, null, { timeout: 60_000 });
    const { compared, bad } = await page.evaluate((c) => window.compare(c), cases);
    t.diagnostic(`seed ${SEED}: ${compared} calls compared in Chromium over ${cases.length} directories, ${bad.length} disagreements`);
    assert.ok(compared >= COUNT * 50);
    assert.equal(bad.length, 0, `seed ${SEED}: first disagreements:\n${JSON.stringify(bad.slice(0, 3), null, 2)}`);
  } finally {
    await browser.close();
    server.close();
  }
});
