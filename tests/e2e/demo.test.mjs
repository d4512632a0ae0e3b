// The demo page (www/) in headless Chromium via playwright-core: loads with
// no console error, answers "may Bob invite Carol to Production if we turn on
// workspace-scope invites?", reacts to org creation being disabled, is
// keyboard usable, and leaves a screenshot in docs/demo.png.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { ROOT } from "./helpers.mjs";
import { startStaticServer } from "./static-server.mjs";

const require = createRequire(`${ROOT}tools/`);
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

const missing = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (scripts/setup.sh installs it)`
  : !existsSync(`${ROOT}tools/node_modules/playwright-core`)
    ? "playwright-core not installed (scripts/setup.sh)"
    : !existsSync(`${ROOT}pkg/web/orgpolicy.js`)
      ? "pkg/web not built (scripts/build.sh)"
      : false;

// Missing tools fail the suite (a skipped browser test is not a passing one).
test("the demo page's tools are installed", () => assert.equal(missing, false, missing));

describe("demo page", { skip: missing }, () => {
  let server;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    mkdirSync(`${ROOT}docs`, { recursive: true });
    const { chromium } = require("playwright-core");
    server = await startStaticServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(10000);
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    await page.goto(`${server.url}/www/`);
    await page.waitForSelector("body[data-ready]", { timeout: 30000 });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("loads the engine and the sample directory", async () => {
    assert.equal(await page.getAttribute("body", "data-ready"), "true");
    assert.match(await page.textContent("#engine-status"), /Engine ready · auth none · 3 orgs/);
    // Every member of Default is a matrix row.
    assert.equal(await page.locator("#matrix tbody tr").count(), 7);
    assert.deepEqual(problems, []);
  });

  test("may Bob invite Carol to Production if we turn on workspace-scope invites?", async () => {
    await page.selectOption("#ctx-user", "user-bob");
    await page.selectOption("#ctx-org", "org-default");
    await page.selectOption("#ctx-ws", "ws-production");

    const bobCell = page.locator('#matrix tr[data-member="ident-bob"] td[data-capability="inviteToWorkspace"]');
    assert.equal(await bobCell.getAttribute("data-code"), "WORKSPACE_SCOPE_INVITES_DISABLED");

    // Flip the switch: the what-if panel shows Bob gaining the capability before anything is applied.
    await page.check("#sw-workspaceScopeOrgInvitesEnabled");
    const gain = page.locator('#whatif-body li.gained[data-member="ident-bob"][data-capability="inviteToWorkspace"][data-workspace="ws-production"]');
    await gain.waitFor();
    assert.match(await gain.textContent(), /\+ gains.*Invite to workspace.*bob@example\.com.*Default › Production.*WORKSPACE_SCOPE_INVITES_DISABLED.*allowed/s);
    assert.equal(await page.isEnabled("#apply-btn"), true);
    assert.equal(await bobCell.getAttribute("data-code"), "WORKSPACE_SCOPE_INVITES_DISABLED", "not applied yet");
    await page.screenshot({ path: `${ROOT}docs/demo.png` });

    await page.click("#apply-btn");
    assert.equal(await bobCell.getAttribute("data-code"), "ALLOWED");
    assert.equal(await page.isEnabled("#apply-btn"), false);

    // Invite a new and an existing member into Production as Bob.
    assert.equal(await page.inputValue("#invite-target"), "ws-production");
    assert.equal(await page.textContent("#invite-actor"), "bob@example.com");
    await page.fill("#invite-emails", "carol@example.com\nvictor@example.com\nerin@example.com");
    await page.click("#invite-btn");
    const row = (email) => page.locator(`#invite-table tr[data-email="${email}"]`);
    await row("carol@example.com").waitFor();
    assert.equal(await row("carol@example.com").getAttribute("data-outcome"), "pending_org_and_workspace");
    assert.match(await row("carol@example.com").textContent(), /Pending in org and workspace/);
    assert.equal(await row("victor@example.com").getAttribute("data-outcome"), "added_to_workspace");
    assert.match(await row("victor@example.com").textContent(), /Added to workspace/);
    assert.equal(await row("erin@example.com").getAttribute("data-outcome"), "already_member");
    assert.match(await row("erin@example.com").textContent(), /Already a member.*ALREADY_MEMBER/s);
    assert.deepEqual(problems, []);
  });

  test("with the switch off, Carol would be denied", async () => {
    await page.uncheck("#sw-workspaceScopeOrgInvitesEnabled");
    const loss = page.locator('#whatif-body li.lost[data-member="ident-bob"][data-capability="inviteToWorkspace"]');
    await loss.waitFor();
    await page.click("#apply-btn");
    await page.fill("#invite-emails", "carol@example.com");
    await page.click("#invite-btn");
    const carol = page.locator('#invite-table tr[data-email="carol@example.com"]');
    await carol.waitFor();
    assert.equal(await carol.getAttribute("data-outcome"), "denied");
    assert.match(await carol.textContent(), /WORKSPACE_SCOPE_INVITES_DISABLED/);
  });

  test("disabling org creation flips the createOrg column", async () => {
    const cell = page.locator('#matrix tr[data-member="ident-alice"] td[data-capability="createOrg"]');
    assert.equal(await cell.getAttribute("data-code"), "ALLOWED");
    assert.equal((await cell.textContent()).includes("✓"), true);
    await page.check("#sw-orgCreationDisabled");
    await page.locator('#whatif-body li.lost[data-capability="createOrg"]').first().waitFor();
    await page.click("#apply-btn");
    assert.equal(await cell.getAttribute("data-code"), "ORG_CREATION_DISABLED");
    assert.match(await cell.textContent(), /ORG_CREATION_DISABLED/);
    const codes = await page.locator('#matrix td[data-capability="createOrg"]').evaluateAll((tds) => tds.map((td) => td.dataset.code));
    assert.deepEqual(new Set(codes), new Set(["ORG_CREATION_DISABLED", "MEMBER_PENDING"]));
    // The message is on the cell's title and, on keyboard focus, in the detail line.
    const inner = cell.locator(".cell");
    assert.match(await inner.getAttribute("title"), /ORG_CREATION_DISABLED: /);
    await inner.focus();
    assert.match(await page.textContent("#cell-detail"), /alice@example\.com · Create org: ORG_CREATION_DISABLED/);
    const describedBy = await inner.getAttribute("aria-describedby");
    assert.ok((await page.textContent(`#${describedBy}`)).length > 0);
    await page.uncheck("#sw-orgCreationDisabled");
    await page.click("#apply-btn");
    assert.equal(await cell.getAttribute("data-code"), "ALLOWED");
  });

  test("the matrix is keyboard navigable with one tab stop", async () => {
    const first = page.locator('#matrix .cell[data-row="0"][data-col="0"]');
    await first.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowDown");
    const focused = await page.evaluate(() => [document.activeElement.dataset.row, document.activeElement.dataset.col]);
    assert.deepEqual(focused, ["1", "1"]);
    assert.equal(await page.locator('#matrix .cell[tabindex="0"]').count(), 1);
    assert.match(await page.textContent("#cell-detail"), /oscar@example\.com · Invite to workspace/);
  });

  test("every form control has a label", async () => {
    const unlabeled = await page.evaluate(() =>
      [...document.querySelectorAll("input, select, textarea")]
        .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute("aria-label"))
        .map((el) => el.id || el.outerHTML),
    );
    assert.deepEqual(unlabeled, []);
  });

  test("a pasted .env sets the switches and shows warnings; a bad one shows errors inline", async () => {
    await page.click("#import-details summary");
    await page.fill("#import-text", "WORKSPACE_SCOPE_ORG_INVITES_ENABLED=true\nPAT_CREATION_DISABLED=true\nPERSONAL_ORG_DISABLED=true\n");
    await page.click("#import-btn");
    assert.match(await page.textContent("#import-result"), /Read as \.env/);
    assert.match(await page.textContent("#import-result"), /line 3.*PERSONAL_ORG_DISABLED.*resembles/s);
    assert.equal(await page.isChecked("#sw-workspaceScopeOrgInvitesEnabled"), true);
    assert.equal(await page.isChecked("#sw-patCreationDisabled"), true);
    await page.locator('#whatif-body li.lost[data-capability="createPat"]').first().waitFor();
    await page.click("#discard-btn");
    assert.equal(await page.isChecked("#sw-patCreationDisabled"), false);

    await page.selectOption("#import-format", "auto");
    await page.fill("#import-text", "config:\n  authType: mixed\n  basicAuth:\n    enabled: true\n");
    await page.click("#import-btn");
    const err = page.locator("#import-result .error");
    await err.waitFor();
    assert.match(await err.textContent(), /CONFIG_INVALID.*initialOrgAdminEmail/s);
    assert.equal(await page.inputValue("#cfg-auth"), "none", "switches unchanged on error");
  });

  test("basic auth needs the admin e-mail; the what-if shows who loses org creation", async () => {
    await page.selectOption("#cfg-auth", "basic");
    assert.equal(await page.inputValue("#cfg-admin"), "alice@example.com");
    await page.locator('#whatif-body li.lost[data-capability="createOrg"]').first().waitFor();
    assert.match(await page.textContent("#whatif-body"), /ORG_CREATION_UNSUPPORTED_BASIC_AUTH/);
    await page.fill("#cfg-admin", "");
    await page.locator("#whatif-body .error").waitFor();
    assert.equal(await page.isEnabled("#apply-btn"), false);
    await page.fill("#cfg-admin", "alice@example.com");
    await page.selectOption("#cfg-auth", "none");
    assert.equal(await page.isEnabled("#apply-btn"), false, "back to the applied configuration");
  });

  test("SSO first login: JIT with group resolution under an oauth preview", async () => {
    await page.fill("#sso-email", "newcomer@example.com");
    await page.fill("#sso-groups", "LS:Organization User:Production:Annotators\nunrelated-group");
    await page.check("#sso-preview");
    await page.click("#sso-btn");
    const text = await page.textContent("#sso-result");
    assert.match(text, /JIT provisioned/);
    assert.match(text, /JIT_PROVISIONED/);
    assert.match(text, /Workspace 1: Editor/);
    assert.match(text, /Production: Annotators/);
    assert.match(text, /unrelated-group/);
    await page.uncheck("#sso-preview");
    await page.click("#sso-btn");
    assert.match(await page.textContent("#sso-result"), /SSO_NOT_ENABLED/);
  });

  test("API request simulator: 200 / 401 / 403", async () => {
    const send = async (cred, org, tenant, scope, perm) => {
      await page.selectOption("#api-cred", cred);
      await page.fill("#api-org", org);
      await page.fill("#api-tenant", tenant);
      await page.selectOption("#api-scope", scope);
      if (perm !== null) await page.fill("#api-perm", perm);
      await page.click("#api-btn");
      const p = page.locator("#api-result .http");
      return [await p.getAttribute("data-status"), await p.getAttribute("data-code")];
    };
    assert.deepEqual(await send("apiKey:pat-bob", "", "", "workspace", "runs:read"), ["200", "ALLOWED"]);
    assert.match(await page.textContent("#api-result"), /Production \(ws-production\)/);
    assert.deepEqual(await send("apiKey:key-org", "", "", "workspace", "runs:read"), ["403", "TENANT_REQUIRED"]);
    assert.deepEqual(await send("apiKey:key-org", "", "ws-1", "workspace", "runs:read"), ["200", "ALLOWED"]);
    assert.deepEqual(await send("apiKey:pat-bob", "org-acme", "", "workspace", "runs:read"), ["403", "ORG_HEADER_MISMATCH"]);
    assert.deepEqual(await send("apiKey:pat-gina", "", "", "workspace", "runs:read"), ["401", "CREDENTIAL_OWNER_NOT_MEMBER"]);
    assert.deepEqual(await send("apiKey:pat-bob", "", "", "user", null), ["403", "API_KEY_NOT_ALLOWED"]);
    assert.deepEqual(await send("session:user-bob", "", "", "user", null), ["200", "ALLOWED"]);
    assert.deepEqual(await send("none", "", "", "workspace", "runs:read"), ["401", "MISSING_CREDENTIAL"]);
    // An unknown permission is an engine error, shown inline.
    await page.fill("#api-perm", "runs:fly");
    await page.click("#api-btn");
    assert.match(await page.textContent("#api-result .error"), /UNKNOWN_PERMISSION/);
  });

  test("no console errors, page errors or failed requests", () => {
    assert.deepEqual(problems, []);
  });
});

