// orgpolicy-authz with its directory read from a live deployment (the
// connector as engine source), behind real nginx (and Caddy) in front of the
// platform stand-in (examples/standin): requests decided as the deployment
// says, a change in the deployment decided on after one refresh (SIGHUP, the
// admin reload, the interval), the last good engine kept while the platform
// fails, 503 DIRECTORY_STALE (never 2xx) past the staleness bound, and the
// command line's errors.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { AUTHZ_BIN, ROOT, rawRequest, startAuthz, startCaddy, startNginx, tempDir } from "./support.mjs";

const require = createRequire(`${ROOT}pkg/package.json`);
const { SignJWT } = await import(pathToFileURL(require.resolve("jose")).href);
const { smallDeployment, startStandin } = await import(pathToFileURL(join(ROOT, "examples/standin/server.mjs")).href);

const FIXTURE = smallDeployment();
const ORG = FIXTURE.orgs[0].info.id; // "Default"
const ADMIN_KEY = FIXTURE.orgs[0].apiKey; // its org-admin key, handed over in an environment variable
const W1 = "0000000b-0000-4000-8000-000000000011";
const PRODUCTION = "0000000b-0000-4000-8000-000000000012";
const SERVICE_KEY = "00000009-0000-4000-8000-000000000301"; // covers Production
const SECRET = "basic-auth-jwt-secret-for-the-connector-tests";
const userOf = (d, name) => d.orgs[0].members.find((m) => m.email.startsWith(`${name}@`)).user_id;
const BOB = userOf(FIXTURE, "bob"); // Editor in Workspace 1
const VICTOR = userOf(FIXTURE, "victor"); // Viewer in Workspace 1
const NINA = "0000000c-0000-4000-8000-000000000777"; // not a member yet

const session = (sub) =>
  new SignJWT({ sub }).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime("10m").sign(new TextEncoder().encode(SECRET));

/** The fixture with victor made Editor in Workspace 1, bob removed from the instance and nina added as Editor. */
function changedDeployment() {
  const next = structuredClone(FIXTURE);
  const o = next.orgs[0];
  const roleId = (name) => o.roles.find((r) => r.name === name).id;
  const ws1 = o.workspaceMembers.find((l) => l.tenant_id === W1);
  ws1.members.find((m) => m.user_id === VICTOR).role_id = roleId("WORKSPACE_USER");
  for (const org of next.orgs) {
    org.members = org.members.filter((m) => m.user_id !== BOB);
    for (const l of org.workspaceMembers) l.members = l.members.filter((m) => m.user_id !== BOB);
  }
  const tmpl = o.members[0];
  o.members.push({ ...tmpl, id: "0000000f-0000-4000-8000-000000000777", user_id: NINA, email: "nina@example.com",
    org_role_id: roleId("ORGANIZATION_USER"), org_role_name: "ORGANIZATION_USER", role_id: roleId("ORGANIZATION_USER"), role_name: "ORGANIZATION_USER", tenant_ids: [W1] });
  ws1.members.push({ ...ws1.members[0], id: "0000000f-0000-4000-8000-000000000778", user_id: NINA, email: "nina@example.com",
    role_id: roleId("WORKSPACE_USER"), role_name: "WORKSPACE_USER" });
  return next;
}

async function until(pred, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await pred()) return true;
    if (Date.now() > end) return false;
    await sleep(50);
  }
}

/** The service, reading the stand-in, behind nginx (or Caddy) whose upstream is the stand-in. */
async function stack(args, env = {}, { proxy = "nginx" } = {}) {
  const standin = await startStandin();
  const authz = await startAuthz(["--platform-url", standin.url, "--log-level", "debug", ...args], {
    directory: null,
    env: { ORGPOLICY_TEST_ADMIN_KEY: ADMIN_KEY, ORGPOLICY_JWT_SECRET: SECRET, ...env },
  });
  const front = await (proxy === "caddy" ? startCaddy : startNginx)({ authz: authz.address, upstream: standin.url.replace("http://", "") });
  let n = 0;
  /** One request through the proxy; `reached`: whether the stand-in received it (with the decision's headers). */
  const send = async (method, target, headers) => {
    const id = `req-${++n}`;
    const r = await rawRequest(front.port, method, target, { ...headers, "X-Request-Id": id });
    const upstream = standin.requests.find((x) => x.headers["x-request-id"] === id);
    return { ...r, reached: Boolean(upstream), upstream };
  };
  const metric = async (name) => {
    const text = await (await fetch(`${authz.url}/metrics`)).text();
    const line = text.split("\n").find((l) => l.startsWith(name));
    return line === undefined ? undefined : Number(line.split(" ").pop());
  };
  const stop = async () => {
    await front.stop();
    await authz.stop();
    await standin.close();
  };
  return { standin, authz, front, send, metric, stop };
}

const asUser = async (sub, tenant) => ({ Authorization: `Bearer ${await session(sub)}`, "X-Organization-Id": ORG, "X-Tenant-Id": tenant });

function assertAllowed(r, workspace) {
  assert.ok(r.reached, `reached the platform (status ${r.status}, ${r.body})`);
  assert.equal(r.upstream.headers["x-orgpolicy-code"], "ALLOWED");
  assert.equal(r.upstream.headers["x-orgpolicy-workspace-id"], workspace);
  assert.equal(r.upstream.headers["x-orgpolicy-org-id"], ORG);
}

function assertRefused(r, status, code) {
  assert.equal(r.reached, false, "never reaches the platform");
  assert.equal(r.status, status, r.body);
  if (code) assert.equal(JSON.parse(r.body).code, code);
}

describe("directory from the deployment, behind nginx", () => {
  let s;
  before(async () => {
    s = await stack(["--org", `${ORG}=ORGPOLICY_TEST_ADMIN_KEY`, "--refresh-interval", "3600", "--admin-token", "admin-token-for-tests"]);
  });
  after(async () => {
    await s?.stop();
  });

  test("the connector read the deployment with the org's key and headers; the key is never logged", async () => {
    const reads = s.standin.requests.filter((r) => r.headers["x-request-id"] === undefined);
    assert.ok(reads.some((r) => r.path === "/api/v1/orgs/current/members/active"));
    assert.ok(reads.every((r) => r.method === "GET" && r.headers["x-api-key"] === ADMIN_KEY));
    assert.ok(reads.filter((r) => r.path.startsWith("/api/v1/orgs/")).every((r) => r.headers["x-organization-id"] === ORG));
    assert.ok(!s.authz.lines.some((l) => l.includes(ADMIN_KEY)));
    assert.equal((await fetch(`${s.authz.url}/readyz`)).status, 200);
  });

  test("requests are decided as the fixture deployment says", async () => {
    assertAllowed(await s.send("GET", "/api/v1/datasets", { "X-API-Key": SERVICE_KEY, "X-Tenant-Id": PRODUCTION }), PRODUCTION);
    assertRefused(await s.send("GET", "/api/v1/datasets", { "X-API-Key": SERVICE_KEY, "X-Tenant-Id": W1 }), 403);
    assertAllowed(await s.send("POST", "/api/v1/runs", await asUser(BOB, W1)), W1);
    assertAllowed(await s.send("GET", "/api/v1/datasets", await asUser(VICTOR, W1)), W1);
    assertRefused(await s.send("POST", "/api/v1/runs", await asUser(VICTOR, W1)), 403, "PERMISSION_DENIED");
    const nina = await s.send("GET", "/api/v1/datasets", await asUser(NINA, W1));
    assert.equal(nina.reached, false);
    assert.ok([401, 403].includes(nina.status), String(nina.status));
  });

  test("a change in the deployment is decided on after SIGHUP: role changed, member added, member removed", async () => {
    s.standin.setDeployment(changedDeployment());
    s.authz.child.kill("SIGHUP");
    await s.authz.waitForLog((l) => l.msg === "directory loaded" && l.version === 2 && l.reason === "SIGHUP", 15000);
    assertAllowed(await s.send("POST", "/api/v1/runs", await asUser(VICTOR, W1)), W1);
    assertAllowed(await s.send("POST", "/api/v1/runs", await asUser(NINA, W1)), W1);
    const bob = await s.send("GET", "/api/v1/datasets", await asUser(BOB, W1));
    assert.equal(bob.reached, false);
    assert.ok([401, 403].includes(bob.status), String(bob.status));
    assert.equal(await s.metric("orgpolicy_authz_directory_version"), 2);
    assert.ok((await s.metric("orgpolicy_authz_directory_age_seconds")) < 10);
  });

  test("the admin reload refreshes too; a refresh finding no change keeps the engine", async () => {
    const reload = () => fetch(`${s.authz.url}/admin/reload`, { method: "POST", headers: { authorization: "Bearer admin-token-for-tests" } });
    const okBefore = await s.metric('orgpolicy_authz_directory_reloads_total{result="ok"}');
    const same = await reload();
    assert.equal(same.status, 200);
    assert.deepEqual(await same.json(), { reloaded: true, version: 2 });
    assert.equal(await s.metric('orgpolicy_authz_directory_reloads_total{result="ok"}'), okBefore + 1);

    s.standin.setDeployment(FIXTURE); // victor back to Viewer
    const r = await reload();
    assert.deepEqual(await r.json(), { reloaded: true, version: 3 });
    assertRefused(await s.send("POST", "/api/v1/runs", await asUser(VICTOR, W1)), 403, "PERMISSION_DENIED");
  });

  test("refreshes never overlap: triggers during a refresh are folded into one more", async () => {
    const infoReads = () => s.standin.requests.filter((r) => r.path === "/api/v1/orgs/current/info").length;
    const before = infoReads();
    s.standin.resetCounters();
    s.standin.fault({ path: "/orgs/current/info", delayMs: 400 });
    const loaded = s.authz.logs().length;
    for (let i = 0; i < 4; i++) {
      s.authz.child.kill("SIGHUP");
      await sleep(30);
    }
    // the first refresh and the one the other triggers were folded into
    assert.ok(await until(() => s.authz.logs().slice(loaded).filter((l) => l.msg === "directory unchanged").length === 2));
    await sleep(300);
    assert.equal(s.authz.logs().slice(loaded).filter((l) => l.msg === "directory unchanged").length, 2);
    assert.equal(s.standin.requests.filter((r) => r.path === "/api/v1/orgs/current/info").length, 2, `(${before} before)`);
    assert.ok(s.standin.maxInFlight <= 4, `at most one refresh's requests on the wire (${s.standin.maxInFlight})`);
  });
});

describe("refresh on the interval, behind nginx", () => {
  let s;
  before(async () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".env"), "BASIC_AUTH_ENABLD=true\n"); // a typo: a configuration warning
    s = await stack(["--org", `${ORG}=ORGPOLICY_TEST_ADMIN_KEY`, "--refresh-interval", "0.5", "--config-env", join(dir, ".env")]);
  });
  after(async () => {
    await s?.stop();
  });

  test("a change in the deployment is decided on after the next refresh, with no signal", async () => {
    assertRefused(await s.send("POST", "/api/v1/runs", await asUser(VICTOR, W1)), 403, "PERMISSION_DENIED");
    s.standin.setDeployment(changedDeployment());
    await s.authz.waitForLog((l) => l.msg === "directory loaded" && l.reason === "interval", 15000);
    assertAllowed(await s.send("POST", "/api/v1/runs", await asUser(VICTOR, W1)), W1);
    assertAllowed(await s.send("POST", "/api/v1/runs", await asUser(NINA, W1)), W1);
  });

  test("the .env is read on each refresh; its warning is logged once, not on every refresh", async () => {
    await s.authz.waitForLog((l) => l.msg === "directory unchanged", 15000);
    const warnings = s.authz.logs().filter((l) => l.msg.startsWith("config warning"));
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].key, "BASIC_AUTH_ENABLD");
  });
});

for (const proxy of ["nginx", "caddy"]) describe(`the platform failing, behind ${proxy}`, () => {
  let s;
  before(async () => {
    const dir = tempDir();
    const orgsFile = join(dir, "orgs.json");
    writeFileSync(orgsFile, JSON.stringify([{ orgId: ORG, apiKeyEnv: "ORGPOLICY_TEST_ADMIN_KEY" }]));
    s = await stack(["--orgs-file", orgsFile, "--refresh-interval", "3600", "--max-staleness", "6"], {}, { proxy });
  });
  after(async () => {
    await s?.stop();
  });

  test("a failing refresh keeps the last good engine; past --max-staleness: /readyz 503 and 503 DIRECTORY_STALE, never 2xx; a good refresh recovers", async () => {
    s.standin.fault({ apiKey: ADMIN_KEY, status: 500, times: 1_000_000 }); // only the connector's reads fail
    s.authz.child.kill("SIGHUP");
    const failed = await s.authz.waitForLog((l) => l.msg.startsWith("directory reload failed"), 15000);
    assert.match(failed.err.message, /HTTP 500/);
    assert.match(failed.err.endpoint, /^GET \/api\/v1\//);
    assert.equal(failed.err.status, 500);
    assert.equal(await s.metric('orgpolicy_authz_directory_reloads_total{result="failed"}'), 1);
    assert.equal(await s.metric("orgpolicy_authz_directory_version"), 1);
    // still decided on the last good directory
    assertAllowed(await s.send("GET", "/api/v1/datasets", await asUser(VICTOR, W1)), W1);
    assertRefused(await s.send("POST", "/api/v1/runs", await asUser(VICTOR, W1)), 403, "PERMISSION_DENIED");
    assert.equal((await fetch(`${s.authz.url}/readyz`)).status, 200, "within the bound: still ready");

    assert.ok(await until(async () => (await fetch(`${s.authz.url}/readyz`)).status === 503, 10000), "not ready past the bound");
    const ready = await (await fetch(`${s.authz.url}/readyz`)).json();
    assert.match(ready.reason, /old, more than 6 s/);
    for (const [method, target, headers] of [
      ["GET", "/api/v1/datasets", await asUser(VICTOR, W1)],
      ["GET", "/api/v1/datasets", { "X-API-Key": SERVICE_KEY, "X-Tenant-Id": PRODUCTION }],
      ["POST", "/api/v1/runs", await asUser(VICTOR, W1)],
      ["GET", "/api/v1/info", {}],
    ]) {
      assertRefused(await s.send(method, target, headers), 503, "DIRECTORY_STALE");
    }
    const direct = await fetch(`${s.authz.url}/check/api/v1/datasets`, { headers: { "x-api-key": SERVICE_KEY, "x-tenant-id": PRODUCTION } });
    assert.equal(direct.status, 503);
    assert.equal((await direct.json()).code, "DIRECTORY_STALE");

    s.standin.clearFaults();
    s.authz.child.kill("SIGHUP");
    assert.ok(await until(async () => (await fetch(`${s.authz.url}/readyz`)).status === 200), "ready again after a good refresh");
    assertAllowed(await s.send("GET", "/api/v1/datasets", await asUser(VICTOR, W1)), W1);
  });
});

describe("command line: the deployment as the directory", () => {
  const run = (args, env = {}) =>
    spawnSync(process.execPath, [AUTHZ_BIN, "--listen", "127.0.0.1:0", ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 30000 });
  const url = "http://127.0.0.1:9";

  test("--help documents the flags and their variables", () => {
    const r = run(["--help"]);
    assert.equal(r.status, 0);
    for (const s of ["--platform-url", "ORGPOLICY_PLATFORM_URL", "--org ORG_ID=ENV_VAR", "ORGPOLICY_ORGS", "--orgs-file", "--refresh-interval", "ORGPOLICY_REFRESH_INTERVAL", "DIRECTORY_STALE"]) {
      assert.ok(r.stdout.includes(s), s);
    }
  });

  test("bad flags are usage errors (exit 2) naming the flag; a key is never echoed", () => {
    const cases = [
      [["--directory", "d.json", "--platform-url", url, "--org", `${ORG}=K`], /--directory and --platform-url are mutually exclusive/],
      [["--platform-url", url], /--platform-url needs at least one --org/],
      [["--platform-url", "ftp://example.com", "--org", `${ORG}=K`], /--platform-url: expected an http\(s\) URL/],
      [["--platform-url", "not a url", "--org", `${ORG}=K`], /--platform-url: expected an http\(s\) URL/],
      [["--platform-url", url, "--org", ORG], /--org #1: expected ORG_ID=ENV_VAR/],
      [["--platform-url", url, "--org", `${ORG}=ORGPOLICY_TEST_UNSET_VARIABLE`], /ORGPOLICY_TEST_UNSET_VARIABLE \(the org's API key\) is not set/],
      [["--platform-url", url, "--org", `${ORG}=not-a-name`], /expected an environment variable name/],
      [["--platform-url", url, "--org", `${ORG}=K`, "--org", `${ORG}=K`], /given twice/],
      [["--platform-url", url, "--org", `${ORG}=K`, "--refresh-interval", "0"], /--refresh-interval: expected a number/],
      [["--platform-url", url, "--org", `${ORG}=K`, "--max-staleness", "soon"], /--max-staleness: expected a number/],
      [["--directory", "d.json", "--org", `${ORG}=K`], /--org needs --platform-url/],
      [["--platform-url", url, "--orgs-file", "/nonexistent/orgs.json"], /--orgs-file \/nonexistent\/orgs.json/],
    ];
    for (const [args, message] of cases) {
      const r = run(args, { K: "a-key" });
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(" "));
    }
    const pasted = run(["--platform-url", url, "--org", `${ORG}=lsv2_sk_pasted_key_material`]);
    assert.equal(pasted.status, 2);
    assert.match(pasted.stderr, /looks like an API key; name the environment variable/);
    assert.ok(!pasted.stderr.includes("pasted_key_material"));
    const viaEnv = run([], { ORGPOLICY_PLATFORM_URL: url, ORGPOLICY_ORGS: `${ORG}=ORGPOLICY_TEST_UNSET_VARIABLE` });
    assert.equal(viaEnv.status, 2);
    assert.match(viaEnv.stderr, /ORGPOLICY_TEST_UNSET_VARIABLE/);
    const bad = tempDir();
    writeFileSync(join(bad, "orgs.json"), JSON.stringify([{ orgId: ORG, apiKey: "lsv2_sk_x" }]));
    const noEnvName = run(["--platform-url", url, "--orgs-file", join(bad, "orgs.json")]);
    assert.equal(noEnvName.status, 2);
    assert.match(noEnvName.stderr, /\[0\]\.apiKeyEnv: expected the name of an environment variable/);
  });

  test("a deployment that cannot be read at start: exit 1 naming the endpoint", () => {
    const r = run(["--platform-url", url, "--org", `${ORG}=K`], { K: "a-key" });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /GET \/api\/v1\//);
  });
});
