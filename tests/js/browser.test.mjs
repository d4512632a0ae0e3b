// The web build in a real browser, loaded the way the README shows:
// `<script type="module">import init, { PolicyEngine } from "/pkg/web/orgpolicy.js"`,
// served over http (headless Chromium through playwright-core from tools/).
import { test } from "node:test";
import assert from "node:assert/strict";
import support from "./support.cjs";

support.ensurePackage();

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

test("the web build works from a <script type=module> in headless Chromium", { timeout: 120_000 }, async () => {
  const server = await support.servePage(PAGE);
  const browser = await support.launchChromium();
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
