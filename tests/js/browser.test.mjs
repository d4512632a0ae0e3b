// The web build in a real browser, loaded the way the README shows:
// `<script type="module">import init, { PolicyEngine } from "/pkg/web/orgpolicy.js"`,
// served over http (headless Chromium through playwright-core from tools/).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import support from "./support.cjs";

support.ensurePackage();
const { chromium } = createRequire(path.join(support.ROOT, "tools", "package.json"))("playwright-core");

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };

const PAGE = `<!doctype html><meta charset="utf-8"><title>orgpolicy</title>
<script type="module">
  import init, { PolicyEngine, isOrgPolicyError } from "/pkg/web/orgpolicy.js";
  try {
    await init();
    const engine = new PolicyEngine({ authMode: "oauth" }, await (await fetch("/tests/wasm_common/directory.json")).text());
    let error;
    try { engine.can(1, "org-main", null, "runs:read"); } catch (e) { error = e; }
    window.result = {
      can: engine.can("u-user", "org-main", "ws-dev", "runs:create"),
      check: engine.check("u-viewer", "org-main", "ws-dev", "runs:create"),
      many: [...engine.canMany([["u-user", "org-main", "ws-dev", "runs:create"], ["u-viewer", "org-main", "ws-dev", "runs:create"]])],
      error: { isError: error instanceof Error, name: error.name, code: error.code, path: error.path, guard: isOrgPolicyError(error) },
      after: engine.can("u-user", "org-main", "ws-dev", "runs:create"),
    };
  } catch (e) {
    window.result = { failed: String(e && e.stack || e) };
  }
</script>`;

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    const file = path.join(support.ROOT, path.normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(support.ROOT) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("the web build works from a <script type=module> in headless Chromium", { timeout: 120_000 }, async () => {
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    const messages = [];
    page.on("console", (m) => messages.push(m.text()));
    page.on("pageerror", (e) => messages.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 60_000 });
    const result = await page.evaluate(() => window.result);
    assert.equal(result.failed, undefined, `${result.failed}\n${messages.join("\n")}`);
    assert.equal(result.can, true);
    assert.equal(result.check.code, "PERMISSION_DENIED");
    assert.deepEqual(result.many, [1, 0]);
    assert.deepEqual(result.error, { isError: true, name: "OrgPolicyError", code: "INVALID_INPUT", path: "userId", guard: true });
    assert.equal(result.after, true);
  } finally {
    await browser.close();
    server.close();
  }
});
