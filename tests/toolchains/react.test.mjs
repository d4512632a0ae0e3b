// orgpolicy/react in a real React app: built with Vite from the packed
// tarball, run in headless Chromium. Buttons must be enabled exactly where the
// engine (the Node build, same directory) says so; a swap to another directory
// must update every mounted component, with no stale answer and no console
// error (a hook calling the freed engine would throw). Server-side rendering
// without an engine renders the fallbacks and loads no wasm.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { HERE, ROOT, SAMPLE, bin, inChromium, project } from "./support.mjs";

const require = createRequire(import.meta.url);
const { PolicyEngine } = require(path.join(ROOT, "pkg", "node", "orgpolicy.js"));

const APP = {
  users: ["user-alice", "user-oscar", "user-bob", "user-erin", "user-frank", "user-victor", "user-nobody"],
  permissions: ["runs:create", "runs:read", "projects:delete", "workspaces:manage-members"],
  orgId: "org-default",
  workspaceId: "ws-production",
};

/** The sample directory with bob demoted and victor made workspace admin in production. */
function swapped() {
  const doc = JSON.parse(SAMPLE);
  const org = doc.orgs.find((o) => o.id === APP.orgId);
  const member = (u) => org.members.find((m) => m.userId === u);
  member("user-bob").workspaces["ws-production"] = "WORKSPACE_VIEWER";
  member("user-victor").workspaces = { ...member("user-victor").workspaces, "ws-production": "WORKSPACE_ADMIN" };
  return JSON.stringify(doc);
}

/** What the page must show, from the Node build on the same directory. */
function expected(text) {
  const engine = new PolicyEngine({}, text);
  const out = {};
  for (const u of APP.users) {
    // An id the directory does not hold reads as denied in the UI.
    const can = (p) => (u === "user-nobody" ? false : engine.can(u, APP.orgId, APP.workspaceId, p));
    for (const p of APP.permissions) out[`${u}/${p}`] = can(p);
    out[`${u}/can`] = can("workspaces:manage-members") ? "manage" : "read only";
  }
  engine.free();
  return out;
}

async function shown(page) {
  return page.evaluate((app) => {
    const out = {};
    for (const u of app.users) {
      for (const p of app.permissions) out[`${u}/${p}`] = !document.querySelector(`[data-testid="${u}/${p}"]`).disabled;
      out[`${u}/can`] = document.querySelector(`[data-testid="${u}/can"]`).textContent;
    }
    return out;
  }, APP);
}

const dir = project("react-app", ["react", "react-dom", "scheduler", "vite"]);
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("Vite app with orgpolicy/react in Chromium: buttons as the directory says, then as the swapped one", async () => {
  for (const f of ["index.html", "main.jsx"]) fs.copyFileSync(path.join(HERE, "react-app", f), path.join(dir, f));
  execFileSync(bin("vite"), ["build", "--logLevel", "warn"], { cwd: dir, stdio: "inherit" });
  const dist = path.join(dir, "dist");
  fs.writeFileSync(path.join(dist, "app.json"), JSON.stringify(APP));
  fs.writeFileSync(path.join(dist, "directory.json"), SAMPLE);

  const before = expected(SAMPLE);
  const next = swapped();
  const afterSwap = expected(next);
  // The fixture is meaningful: both answers occur, and the swap changes some.
  assert.ok(Object.values(before).includes(true) && Object.values(before).includes(false));
  const changed = Object.keys(before).filter((k) => before[k] !== afterSwap[k]);
  assert.ok(changed.length >= 4, `the swap changes ${changed}`);

  await inChromium(dist, async (page, problems) => {
    await page.waitForSelector(`[data-testid="user-nobody/can"]`);
    assert.deepEqual(await shown(page), before);
    // A denied button carries the decision's message as its tooltip.
    const title = await page.getAttribute(`[data-testid="user-victor/runs:create"]`, "title");
    assert.match(title ?? "", /\S/);

    await page.evaluate((text) => window.swapDirectory(text), next);
    await page.waitForFunction(() => !document.querySelector('[data-testid="user-victor/runs:create"]').disabled);
    assert.deepEqual(await shown(page), afterSwap);
    // Swap back and forth a few times in one task: the last one wins everywhere.
    await page.evaluate(([a, b]) => { for (let i = 0; i < 5; i++) { window.swapDirectory(a); window.swapDirectory(b); } }, [SAMPLE, next]);
    await page.waitForTimeout(50);
    assert.deepEqual(await shown(page), afterSwap);
    assert.deepEqual(problems, []);
  });
});

test("server-side rendering without an engine: fallbacks, disabled buttons, no wasm loaded", async () => {
  fs.writeFileSync(path.join(dir, "ssr.mjs"), `
    import { createElement as h } from "react";
    import { renderToString } from "react-dom/server";
    import { PolicyProvider, Can, useCan, useCheck } from "orgpolicy/react";
    function B() { const ok = useCan("runs:create"); const d = useCheck("runs:create"); return h("button", { disabled: !ok }, d === null ? "pending" : d.code); }
    const html = renderToString(h(PolicyProvider, { userId: "user-alice", orgId: "org-default" },
      h(B), h(Can, { permission: "runs:create", fallback: h("i", null, "no") }, "yes")));
    process.stdout.write(JSON.stringify({ html }));
  `);
  const out = JSON.parse(execFileSync(process.execPath, ["ssr.mjs"], { cwd: dir, encoding: "utf8" }));
  assert.equal(out.html, '<button disabled="">pending</button><i>no</i>');
  // orgpolicy/react itself loads nothing but React: no wasm unless the app gives an engine.
  const source = fs.readFileSync(path.join(dir, "node_modules", "orgpolicy", "react", "index.mjs"), "utf8");
  assert.deepEqual([...source.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]), ["react"]);
});

test("server-side rendering with an engine renders the answers", async () => {
  fs.writeFileSync(path.join(dir, "ssr-engine.mjs"), `
    import { createElement as h } from "react";
    import { renderToString } from "react-dom/server";
    import { PolicyEngine } from "orgpolicy";
    import { readFileSync } from "node:fs";
    import { PolicyProvider, Can, usePermissions } from "orgpolicy/react";
    const engine = new PolicyEngine({}, readFileSync(process.argv[2], "utf8"));
    function Role() { return h("b", null, usePermissions()?.workspaceRole ?? "none"); }
    const view = (u) => h(PolicyProvider, { engine, userId: u, orgId: "org-default", workspaceId: "ws-production" },
      h(Role), h(Can, { permission: "runs:create", fallback: "no" }, (d) => d.code));
    process.stdout.write(renderToString(view("user-bob")) + "|" + renderToString(view("user-victor")));
  `);
  const html = execFileSync(process.execPath, ["ssr-engine.mjs", path.join(ROOT, "examples", "sample-directory.json")], { cwd: dir, encoding: "utf8" });
  assert.equal(html, "<b>WORKSPACE_ADMIN</b>ALLOWED|<b>none</b>no");
});

test("the README's React example, built with Vite: answers, then a refresh from the server", async () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const example = readme.match(/```jsx test=react\n([\s\S]*?)```/)?.[1];
  assert.ok(example, "README has the React example");
  const app = project("react-readme", ["react", "react-dom", "scheduler", "vite"]);
  after(() => fs.rmSync(app, { recursive: true, force: true }));
  fs.writeFileSync(path.join(app, "main.jsx"), example);
  fs.copyFileSync(path.join(HERE, "react-app", "index.html"), path.join(app, "index.html"));
  execFileSync(bin("vite"), ["build", "--logLevel", "warn"], { cwd: app, stdio: "inherit" });
  const dist = path.join(app, "dist");
  fs.writeFileSync(path.join(dist, "directory.json"), SAMPLE);
  await inChromium(dist, async (page, problems) => {
    await page.waitForSelector("#members");
    // bob is workspace admin of ws-production in the sample directory.
    assert.equal(await page.isEnabled("#new-run"), true);
    assert.equal(await page.textContent("#members"), "Manage members");
    // The server's directory changes (bob demoted to viewer): a refresh swaps the engine.
    fs.writeFileSync(path.join(dist, "directory.json"), swapped());
    await page.evaluate(() => window.refresh());
    await page.waitForFunction(() => document.getElementById("new-run").disabled);
    assert.equal(await page.textContent("#members"), "read only");
    assert.match((await page.getAttribute("#new-run", "title")) ?? "", /\S/);
    assert.deepEqual(problems, []);
  });
});
