// The README's "Put it in front of the platform" and pkg/authz/README.md
// cannot drift: the proxy configs they show are byte for byte the files the
// proxy tests start nginx and Caddy from, and their commands and code run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { AUTHZ_BIN, ROOT, SAMPLE_DIRECTORY, freePort, tempDir } from "./support.mjs";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const PKG_README = readFileSync(join(ROOT, "pkg/authz/README.md"), "utf8");
const blocks = (text, tag) => [...text.matchAll(new RegExp("```\\w+ " + tag + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);

/** The sample directory's service key, asked for its workspace. */
const sampleProbe = async (port) => {
  const r = await fetch(`http://127.0.0.1:${port}/check/api/v1/datasets`, { headers: { "x-api-key": "key-production" } });
  return { status: r.status, workspace: r.headers.get("x-orgpolicy-workspace-id") };
};

/** Runs `argv` until `port` answers `/readyz`, then asks `probe(port)`; returns its answer. */
async function runService(argv, { cwd, env = {}, port, probe = sampleProbe }) {
  const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
  try {
    const end = Date.now() + 15000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() > end) throw new Error(`not ready: ${stderr}`);
      await sleep(50);
    }
    return await probe(port);
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
  }
}

test("the nginx and Caddy configs in the README are the files the proxy tests use", () => {
  const shown = [...README.matchAll(/```\w+ file=(\S+)\n([\s\S]*?)```/g)];
  assert.deepEqual(
    shown.map((m) => m[1]),
    ["examples/authz/nginx.conf", "examples/authz/Caddyfile"],
  );
  for (const [, file, text] of shown) assert.equal(text, readFileSync(join(ROOT, file), "utf8"), file);
});

test("the README's command starts a service that decides", async () => {
  const [block] = blocks(README, "test=authz");
  const port = await freePort();
  const args = block.trim().split(/\s+/);
  assert.equal(args[0], "orgpolicy-authz");
  const argv = [process.execPath, AUTHZ_BIN, ...args.slice(1).map((a) => a.replace("127.0.0.1:9191", `127.0.0.1:${port}`))];
  assert.deepEqual(await runService(argv, { cwd: ROOT, port }), { status: 200, workspace: "ws-production" });
});

test("pkg/authz/README.md: the npx command with a .env and a JWT secret file", async () => {
  const [block] = blocks(PKG_README, "test=authz");
  const dir = tempDir();
  writeFileSync(join(dir, "directory.json"), readFileSync(SAMPLE_DIRECTORY));
  writeFileSync(join(dir, ".env"), "AUTH_TYPE=mixed\nBASIC_AUTH_ENABLED=true\nINITIAL_ORG_ADMIN_EMAIL=alice@example.com\n");
  writeFileSync(join(dir, "jwt-secret"), "a-secret-of-the-deployment\n");
  const port = await freePort();
  const args = block.replace(/\\\n/g, " ").trim().split(/\s+/);
  assert.deepEqual(args.slice(0, 2), ["npx", "orgpolicy-authz"]);
  const argv = [process.execPath, AUTHZ_BIN, ...args.slice(2).map((a) => a.replace("127.0.0.1:9191", `127.0.0.1:${port}`))];
  assert.deepEqual(await runService(argv, { cwd: dir, port }), { status: 200, workspace: "ws-production" });
});

test("pkg/authz/README.md: the code example, from a consumer's folder", async () => {
  const code = blocks(PKG_README, "test=authz")[1];
  assert.ok(code.includes('from "orgpolicy/authz"'));
  // a consumer: node_modules/orgpolicy is the package; pino and prom-client are its dependencies
  const dir = tempDir();
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(ROOT, "pkg"), join(dir, "node_modules/orgpolicy"));
  for (const dep of ["pino", "prom-client"]) symlinkSync(join(ROOT, "pkg/node_modules", dep), join(dir, "node_modules", dep));
  writeFileSync(join(dir, "directory.json"), readFileSync(SAMPLE_DIRECTORY));
  writeFileSync(join(dir, ".env"), "AUTH_TYPE=oauth\n");
  const port = await freePort();
  writeFileSync(join(dir, "service.mjs"), code.replace("listen(9191", `listen(${port}`));
  const r = await runService([process.execPath, "service.mjs"], { cwd: dir, port, env: { JWT_SECRET: "s" } });
  assert.deepEqual(r, { status: 200, workspace: "ws-production" });
});

/**
 * The `test=authz-platform` blocks: the service reading the stand-in. Each
 * line is the stand-in's command, an `export`, or the service's command;
 * anything else fails the test, so a block cannot drift from what runs.
 */
test("both READMEs: orgpolicy-authz reading the directory from the deployment (the stand-in)", async () => {
  const shown = [...blocks(README, "test=authz-platform"), ...blocks(PKG_README, "test=authz-platform")];
  assert.equal(shown.length, 3);
  const PRODUCTION = "0000000b-0000-4000-8000-000000000012";
  const probe = async (port) => {
    const ask = (tenant) =>
      fetch(`http://127.0.0.1:${port}/check/api/v1/datasets`, { headers: { "x-api-key": "00000009-0000-4000-8000-000000000301", "x-tenant-id": tenant } });
    const allowed = await ask(PRODUCTION);
    const refused = await ask("0000000b-0000-4000-8000-000000000011");
    return { status: allowed.status, workspace: allowed.headers.get("x-orgpolicy-workspace-id"), refused: refused.status };
  };
  const { startStandin } = await import(pathToFileURL(join(ROOT, "examples/standin/server.mjs")).href);
  for (const block of shown) {
    const standin = await startStandin();
    const standinPort = new URL(standin.url).port;
    try {
      const port = await freePort();
      const env = {};
      let argv = null;
      for (const line of block.replace(/\\\n/g, " ").trim().split("\n")) {
        const words = line.trim().split(/\s+/);
        if (line.startsWith("node examples/standin/server.mjs")) continue; // started above, on a free port
        if (words[0] === "export") {
          const [name, value] = words[1].split("=");
          env[name] = value;
          continue;
        }
        const args = words[0] === "npx" ? words.slice(1) : words;
        assert.equal(args[0], "orgpolicy-authz", `unexpected line: ${line}`);
        argv = [process.execPath, AUTHZ_BIN, ...args.slice(1).map((a) => a.replace("127.0.0.1:9191", `127.0.0.1:${port}`).replace("127.0.0.1:1984", `127.0.0.1:${standinPort}`))];
      }
      assert.ok(argv, "the block runs orgpolicy-authz");
      assert.ok(argv.includes("--platform-url"));
      assert.deepEqual(await runService(argv, { cwd: ROOT, env, port, probe }), { status: 200, workspace: PRODUCTION, refused: 403 });
      assert.ok(standin.requests.some((r) => r.path === "/api/v1/orgs/current/members/active"), "the service read the stand-in");
    } finally {
      await standin.close();
    }
  }
});
