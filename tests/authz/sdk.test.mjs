// The platform's own JS SDK (`langsmith`, its classic `Client`) through real
// nginx with orgpolicy-authz deciding, for five principals. For every call
// the expected outcome comes from the directory (the engine asked directly
// with the operation the call needs), and the test checks that the call
// succeeded or was refused accordingly, that it reached the upstream only
// when allowed, and that every request the SDK sent matched a route.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { ROOT, SAMPLE_DIRECTORY, startAuthz, startNginx } from "./support.mjs";
import { startUpstream } from "./upstream.mjs";

const tools = createRequire(`${ROOT}tools/package.json`);
const { Client } = tools("langsmith");
const { PolicyEngine } = createRequire(import.meta.url)("../../pkg/node/orgpolicy.js");

const DS = "11111111-1111-4111-8111-111111111111";
const RUN = "22222222-2222-4222-8222-222222222222";
const PROJECT = "33333333-3333-4333-8333-333333333333";
const QUEUE = "44444444-4444-4444-8444-444444444444";
const drain = async (it) => {
  for await (const x of it) return x;
  return null;
};

/** [name, permission the call needs (null: public), call(client)] */
const CALLS = [
  ["info", null, (c) => c._getServerInfo()],
  ["listDatasets", "datasets:read", (c) => drain(c.listDatasets({ limit: 1 }))],
  ["createDataset", "datasets:create", (c) => c.createDataset("sdk-dataset")],
  ["readDataset", "datasets:read", (c) => c.readDataset({ datasetId: DS })],
  ["shareDataset", "datasets:share", (c) => c.shareDataset(DS)],
  ["createExamples (multipart)", "datasets:update", (c) => c.createExamples({ inputs: [{ q: 1 }], outputs: [{ a: 1 }], datasetId: DS })],
  ["listExamples", "datasets:read", (c) => drain(c.listExamples({ datasetId: DS, limit: 1 }))],
  [
    "createRun (multipart tracing)",
    "runs:create",
    async (c) => {
      const t = Date.now();
      await c.createRun({ id: RUN, name: "r", run_type: "chain", inputs: {}, trace_id: RUN, dotted_order: `20260101T000000000000Z${RUN}`, start_time: t });
      await c.awaitPendingTraceBatches();
    },
  ],
  ["readRun", "runs:read", (c) => c.readRun(RUN)],
  ["listRuns (runs/query)", "runs:read", (c) => drain(c.listRuns({ projectId: PROJECT, limit: 1 }))],
  ["createProject", "projects:create", (c) => c.createProject({ projectName: "sdk-project" })],
  ["readProject", "projects:read", (c) => c.readProject({ projectName: "sdk-project" })],
  ["createFeedback", "feedback:create", (c) => c.createFeedback(RUN, "correct", { score: 1 })],
  ["listFeedback", "feedback:read", (c) => drain(c.listFeedback({ runIds: [RUN] }))],
  ["listPrompts", "prompts:read", (c) => drain(c.listPrompts({}))],
  ["createAnnotationQueue", "annotation-queues:create", (c) => c.createAnnotationQueue({ name: "sdk-queue" })],
  ["readAnnotationQueue", "annotation-queues:read", (c) => c.readAnnotationQueue(QUEUE)],
  ["listAnnotationQueues", "annotation-queues:read", (c) => drain(c.listAnnotationQueues({}))],
];

/** [principal, API key, X-Tenant-Id or undefined] */
const PRINCIPALS = [
  ["PAT of a workspace admin", "pat-bob", undefined],
  ["workspace service key (editor)", "key-production", undefined],
  ["org-scoped key without X-Tenant-Id", "key-org", undefined],
  ["org-scoped key with X-Tenant-Id", "key-org", "ws-staging"],
  ["PAT of a read-only member", "pat-victor", undefined],
];

describe("the langsmith SDK through nginx and orgpolicy-authz", () => {
  let upstream;
  let authz;
  let nginx;
  let engine;
  before(async () => {
    upstream = await startUpstream();
    authz = await startAuthz(["--log-level", "debug"]);
    nginx = await startNginx({ authz: authz.address, upstream: upstream.address });
    engine = new PolicyEngine({}, readFileSync(SAMPLE_DIRECTORY, "utf8"));
  });
  after(async () => {
    await nginx?.stop();
    await authz?.stop();
    await upstream?.close();
    engine?.free();
  });

  for (const [principal, apiKey, tenant] of PRINCIPALS) {
    test(`${principal}: ${CALLS.length} SDK calls decided as the directory says`, async () => {
      const outcomes = { allowed: 0, refused: 0 };
      const errors = [];
      for (const [name, permission, call] of CALLS) {
        // a fresh client per call: nothing cached (server info) between calls
        const client = new Client({
          apiUrl: `${nginx.url}/api/v1`,
          apiKey,
          workspaceId: tenant,
          autoBatchTracing: true,
          callerOptions: { maxRetries: 0 },
        });
        const expected =
          permission === null
            ? { allowed: true }
            : engine.authorizeRequest({ credential: { type: "apiKey", key: apiKey }, tenantId: tenant ?? null, operation: { scope: "workspace", permission } });
        const before = upstream.received.length;
        const logged = [];
        const origError = console.error;
        const origWarn = console.warn;
        console.error = (...a) => logged.push(a.join(" ")); // the SDK only logs failed trace batches
        console.warn = (...a) => logged.push(a.join(" "));
        let error = null;
        try {
          await call(client);
        } catch (e) {
          error = e;
        } finally {
          console.error = origError;
          console.warn = origWarn;
        }
        const reached = upstream.received.slice(before).filter((r) => r.url !== "/api/v1/info");
        try {
          if (expected.allowed) {
            assert.equal(error, null, `expected success, got ${error?.message}`);
            assert.ok(reached.length >= 1 || permission === null, "an allowed call reached the upstream");
            for (const r of reached) {
              if (tenant) assert.equal(r.headers["x-tenant-id"], tenant);
              assert.equal(r.headers["x-orgpolicy-code"], "ALLOWED");
              assert.equal(r.headers["x-orgpolicy-workspace-id"], expected.workspaceId);
            }
            outcomes.allowed++;
          } else {
            assert.equal(reached.length, 0, `a refused call reached the upstream: ${reached.map((r) => `${r.method} ${r.url}`)}`);
            const reported = error ? error.message : logged.join("\n");
            assert.match(reported, new RegExp(`${expected.status}|${expected.code}`), `the refusal (${expected.status} ${expected.code}) reaches the caller`);
            outcomes.refused++;
          }
        } catch (e) {
          errors.push(`${name}: ${e.message}`);
        }
      }
      assert.deepEqual(errors, []);
      // every request the SDK sent matched a route (or the public list)
      await new Promise((resolve) => setTimeout(resolve, 200));
      const unrouted = authz.decisions().filter((d) => d.code === "ROUTE_NOT_FOUND" || d.code === "METHOD_NOT_ALLOWED");
      assert.deepEqual(
        unrouted.map((d) => `${d.method} ${d.uri}`),
        [],
      );
      return outcomes;
    });
  }

  test("the principals see different outcomes (the test can tell allowed from refused)", () => {
    const expectations = PRINCIPALS.map(([, key, tenant]) =>
      CALLS.filter(([, p]) => p !== null && engine.authorizeRequest({ credential: { type: "apiKey", key }, tenantId: tenant ?? null, operation: { scope: "workspace", permission: p } }).allowed).length,
    );
    assert.ok(expectations.some((n) => n === CALLS.length - 1), `some principal may do everything: ${expectations}`);
    assert.ok(expectations.includes(0), `some principal may do nothing: ${expectations}`);
    assert.ok(expectations.some((n) => n > 0 && n < CALLS.length - 1), `some principal may do part: ${expectations}`);
  });
});
