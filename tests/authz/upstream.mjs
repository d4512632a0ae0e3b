// A local stand-in for the platform behind the proxy: records every request
// it receives (method, raw target, headers) and answers plausible JSON, so
// the platform's SDK calls complete.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";

const NOW = "2026-01-01T00:00:00.000000";

/** A body shaped like the platform's answer for this request (enough for the SDK). */
function answer(method, path, url) {
  const id = randomUUID();
  const last = path.split("/").filter(Boolean).pop() ?? "";
  const uuidAt = /^[0-9a-f-]{36}$/.test(last) ? last : id;
  if (path === "/api/v1/info") return { version: "0.10.0", instance_flags: { dataset_examples_multipart_enabled: true, examples_multipart_enabled: true }, batch_ingest_config: { use_multipart_endpoint: true } };
  if (/^\/api\/v1\/(runs\/batch|runs\/multipart)$/.test(path)) return {};
  if (path === "/api/v1/runs/query") return { runs: [{ id, name: "r", run_type: "chain", start_time: NOW, trace_id: id, dotted_order: `20260101T000000000000Z${id}` }], cursors: {} };
  if (/^\/api\/v1\/runs(\/|$)/.test(path)) {
    return method === "GET" ? { id: uuidAt, name: "r", run_type: "chain", start_time: NOW, trace_id: uuidAt } : {};
  }
  if (path === "/api/v1/sessions" && method === "GET") {
    const name = url.searchParams.get("name") ?? "p";
    return [{ id, name, tenant_id: id, start_time: NOW }];
  }
  if (/^\/api\/v1\/sessions/.test(path)) return { id: uuidAt, name: "p", tenant_id: id, start_time: NOW };
  if (path === "/api/v1/datasets" && method === "GET") {
    const name = url.searchParams.get("name") ?? "d";
    return [{ id, name, tenant_id: id, created_at: NOW, data_type: "kv", example_count: 0 }];
  }
  if (/^\/api\/v1\/datasets\/[^/]+\/share$/.test(path)) return { dataset_id: id, share_token: id };
  if (/^\/api\/v1\/datasets/.test(path)) return { id: uuidAt, name: "d", tenant_id: id, created_at: NOW, data_type: "kv" };
  if (/^\/api\/v1\/platform\/datasets\/[^/]+\/examples$/.test(path)) return { example_ids: [id], count: 1 };
  if (path === "/api/v1/examples/bulk") return [{ id, dataset_id: id, inputs: {}, created_at: NOW }];
  if (path === "/api/v1/examples" && method === "GET") return [{ id, dataset_id: id, inputs: { q: 1 }, outputs: {}, created_at: NOW }];
  if (/^\/api\/v1\/examples/.test(path)) return { id: uuidAt, dataset_id: id, inputs: {}, created_at: NOW };
  if (path === "/api/v1/feedback" && method === "GET") return [{ id, run_id: id, key: "k", score: 1, created_at: NOW }];
  if (/^\/api\/v1\/feedback/.test(path)) return { id: uuidAt, run_id: id, key: "k", score: 1, created_at: NOW };
  if (path === "/api/v1/annotation-queues" && method === "GET") return [{ id, name: "q", created_at: NOW }];
  if (/^\/api\/v1\/annotation-queues/.test(path)) return { id: uuidAt, name: "q", created_at: NOW };
  if (/^\/api\/v1\/repos\/?$/.test(path)) {
    return method === "GET" ? { repos: [], total: 0 } : { repo: { repo_handle: "p", owner: null, full_name: "p", id } };
  }
  if (/^\/api\/v1\/repos\//.test(path)) return { repo: { repo_handle: "p", owner: null, full_name: "p", id, num_commits: 0 } };
  if (/^\/api\/v1\/commits\//.test(path)) return { commit_hash: "abc", manifest: {}, examples: [] };
  return {};
}

/**
 * Starts the upstream on 127.0.0.1; `received` lists `{ method, url, headers }`
 * (unless `record: false`, as for the load benchmark).
 */
export async function startUpstream({ port: listenPort = 0, record = true } = {}) {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      if (record) received.push({ method: req.method, url: req.url, headers: req.headers, bodyBytes: Buffer.concat(chunks).length });
      const url = new URL(req.url, "http://upstream.invalid");
      const body = JSON.stringify(answer(req.method, url.pathname.replace(/(.)\/$/, "$1"), url));
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        // what this upstream was given, for clients that check it (the load benchmark)
        "x-echo-target": req.url,
        "x-echo-workspace": req.headers["x-orgpolicy-workspace-id"] ?? "",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    port,
    address: `127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

// `node tests/authz/upstream.mjs PORT`: serve without recording (a separate
// process for the load benchmark).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const up = await startUpstream({ port: Number(process.argv[2] ?? 0), record: false });
  console.log(JSON.stringify({ msg: "listening", address: up.address }));
}
