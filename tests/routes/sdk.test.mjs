// The platform's real JS SDK (`langsmith`, pinned in tools/package.json) as
// the client: its requests are recorded by a local HTTP server (which answers
// every request 404, so each SDK call ends after its first request; nothing
// of the platform is simulated), then each recorded request is matched
// against the platform's route table and decided by the engine for a
// workspace editor and a read-only member, as the directory says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
const mw = require("../../pkg/middleware/index.js");
const { PolicyEngine } = require("../../pkg/node/orgpolicy.js");
const SDK = `${ROOT}tools/node_modules/langsmith/package.json`;
const ID = "0f4d2c1e-3b5a-4e6f-8a7b-9c0d1e2f3a4b";

/** SDK calls, and the route + permission each request they send must get. */
const CALLS = [
  ["listDatasets", (c) => first(c.listDatasets()), [["GET /api/v1/datasets", "datasets:read"]]],
  ["readDataset", (c) => c.readDataset({ datasetId: ID }), [["GET /api/v1/datasets/:dataset_id", "datasets:read"]]],
  ["createDataset", (c) => c.createDataset("d"), [["POST /api/v1/datasets", "datasets:create"]]],
  ["shareDataset", (c) => c.shareDataset(ID), [["PUT /api/v1/datasets/:dataset_id/share", "datasets:share"]]],
  ["listExamples", (c) => first(c.listExamples({ datasetId: ID })), [["GET /api/v1/examples", "datasets:read"]]],
  ["createRun", (c) => c.createRun({ id: ID, name: "x", run_type: "chain", inputs: {} }), [["POST /api/v1/runs", "runs:create"]]],
  ["updateRun", (c) => c.updateRun(ID, { outputs: {} }), [["PATCH /api/v1/runs/:run_id", "runs:create"]]],
  ["readRun", (c) => c.readRun(ID), [["GET /api/v1/runs/:run_id", "runs:read"]]],
  ["listRuns (runs/query)", (c) => first(c.listRuns({ projectId: ID })), [["POST /api/v1/runs/query", "runs:read"]]],
  ["listProjects", (c) => first(c.listProjects()), [["GET /api/v1/sessions", "projects:read"]]],
  ["readProject", (c) => c.readProject({ projectId: ID }), [["GET /api/v1/sessions/:session_id", "projects:read"]]],
  ["createProject", (c) => c.createProject({ projectName: "p" }), [["POST /api/v1/sessions", "projects:create"]]],
  ["createFeedback", (c) => c.createFeedback(ID, "score", { score: 1 }), [["GET /api/v1/info", null], ["POST /api/v1/feedback", "feedback:create"]]],
  ["listAnnotationQueues", (c) => first(c.listAnnotationQueues()), [["GET /api/v1/annotation-queues", "annotation-queues:read"]]],
  ["pullPromptCommit", (c) => c.pullPromptCommit("my-prompt"), [["GET /api/v1/commits/:owner/:repo/:commit", "prompts:read"]]],
  [
    "batched tracing (multipart, then the batch fallback)",
    async (c, make) => {
      const t = make({ autoBatchTracing: true });
      await t.createRun({ id: ID, trace_id: ID, dotted_order: `20260101T000000000000Z${ID}`, name: "x", run_type: "chain", inputs: {} });
      await t.awaitPendingTraceBatches();
    },
    [
      ["GET /api/v1/info", null],
      ["POST /api/v1/runs/multipart", "runs:create"],
      ["POST /api/v1/runs/batch", "runs:create"],
    ],
  ],
];

async function first(iterable) {
  for await (const x of iterable) return x;
  return null;
}

test("the langsmith SDK's requests are recognised and decided as the directory says", async () => {
  assert.ok(existsSync(SDK), "the langsmith SDK is not installed: run scripts/setup.sh");
  const { Client } = require(`${ROOT}tools/node_modules/langsmith`);
  const seen = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headersDistinct });
    const body = JSON.stringify({ detail: "Not Found" });
    res.writeHead(404, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const apiUrl = `http://127.0.0.1:${server.address().port}/api/v1`;
  const make = (extra = {}) => new Client({ apiUrl, apiKey: "pat-bob", workspaceId: "ws-1", autoBatchTracing: false, callerOptions: { maxRetries: 0 }, ...extra });
  const quiet = { warn: console.warn, error: console.error };
  console.warn = () => {};
  console.error = () => {};
  const recorded = [];
  try {
    for (const [name, call, expected] of CALLS) {
      const before = seen.length;
      try {
        await call(make(), make);
      } catch {
        // every answer is a 404: the call fails once its request is recorded
      }
      // Only the first request of each kind: the SDK retries /info.
      const got = [];
      for (const s of seen.slice(before)) if (!got.some((g) => g.method === s.method && g.url.split("?")[0] === s.url.split("?")[0])) got.push(s);
      assert.equal(got.length, expected.length, `${name}: sent ${got.map((g) => `${g.method} ${g.url}`).join(", ")}`);
      got.forEach((g, i) => recorded.push({ name, request: g, route: expected[i][0], permission: expected[i][1] }));
    }
  } finally {
    Object.assign(console, quiet);
    server.close();
  }
  assert.ok(recorded.length >= 18, `${recorded.length} requests`);

  const engine = new PolicyEngine({}, readFileSync(`${ROOT}examples/sample-directory.json`, "utf8"));
  const authz = mw.createAuthorizer({ engine, preset: "langsmith" });
  const viewer = engine.permissions("user-victor", "org-default", "ws-1").workspacePermissions;
  for (const { name, request, route, permission } of recorded) {
    const at = `${name}: ${request.method} ${request.url}`;
    assert.equal(request.headers["x-api-key"]?.[0], "pat-bob", `${at}: the SDK sends its key`);
    assert.equal(request.headers["x-tenant-id"]?.[0], "ws-1", `${at}: and the workspace`);
    // As a workspace editor (bob in ws-1) and as a read-only member (victor in ws-1).
    for (const key of ["pat-bob", "pat-victor"]) {
      const headers = { ...request.headers, "x-api-key": [key] };
      const r = await authz.authorize({ method: request.method, url: request.url, headers });
      if (permission === null) {
        assert.equal(r.ok, true, at);
        assert.equal(r.context.code, "PUBLIC_ROUTE", at);
        assert.equal(r.context.route, route, at);
        continue;
      }
      const d = engine.authorizeRequest({ credential: { type: "apiKey", key }, tenantId: "ws-1", operation: { scope: "workspace", permission } });
      if (r.ok) {
        assert.equal(r.context.route, route, at);
        assert.deepEqual(r.context.operation, { scope: "workspace", permission }, at);
        assert.equal(r.context.workspaceId, "ws-1", at);
      } else {
        assert.ok(r.status === 403, `${at} as ${key}: ${r.status} ${r.body.code}`);
      }
      assert.equal(r.ok, d.allowed, `${at} as ${key}`);
      if (key === "pat-victor") assert.equal(r.ok, viewer.includes(permission), `${at}: a viewer gets exactly the reads`);
    }
  }
  await authz.close();
});
