// A sample of the native-vs-wasm differential cases (see differential.test.mjs)
// replayed inside headless Chromium through the web build (pkg/web), with the
// same compare loop (compare.mjs, loaded into the page), so the third runtime
// is compared too. Replay: DIFF_BROWSER_SEED=<seed>.
import { test } from "node:test";
import assert from "node:assert/strict";
import support from "./support.cjs";

support.ensurePackage();

const SEED = Number(process.env.DIFF_BROWSER_SEED ?? 44);
const COUNT = 5;

const PAGE = `<!doctype html><meta charset="utf-8"><title>differential</title>
<script type="module">
  import init, { PolicyEngine } from "/pkg/web/orgpolicy.js";
  import { compare } from "/tests/js/compare.mjs";
  window.compare = async (cases) => {
    await init();
    return compare(PolicyEngine, cases);
  };
  window.ready = true;
</script>`;

test(`native and wasm-in-Chromium agree (seed ${SEED}, ${COUNT} directories)`, { timeout: 120_000 }, async (t) => {
  const cases = support.nativeCases(SEED, COUNT);
  const server = await support.servePage(PAGE);
  const browser = await support.launchChromium();
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
