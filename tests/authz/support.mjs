// Processes for the authz tests and the load benchmark: orgpolicy-authz
// itself (the package's bin), and real nginx and Caddy started in the
// foreground on 127.0.0.1 from the example configs in examples/authz/, with
// only the addresses substituted.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const AUTHZ_BIN = join(ROOT, "pkg/authz/cli.mjs");
export const ROUTES = join(ROOT, "examples/authz/routes.json");
export const SAMPLE_DIRECTORY = join(ROOT, "examples/sample-directory.json");
/** The addresses written in the example configs, replaced by the real ones. */
const EXAMPLE = { authz: "127.0.0.1:9191", platform: "127.0.0.1:1984", nginx: "127.0.0.1:8080", caddy: "127.0.0.1:8081" };

export function tempDir(prefix = "orgpolicy-authz-") {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function freePort() {
  const s = createServer();
  await new Promise((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function waitForPort(port, child, what, ms = 15000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      const c = connect(port, "127.0.0.1");
      c.once("connect", () => {
        c.destroy();
        resolve(true);
      });
      c.once("error", () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`${what} did not listen on ${port} within ${ms} ms`);
}

function collectLines(child) {
  const lines = [];
  let buf = "";
  const onData = (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  };
  child.stdout?.setEncoding("utf8").on("data", onData);
  child.stderr?.setEncoding("utf8").on("data", onData);
  return lines;
}

async function stopChild(child, signal = "SIGTERM") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  const t = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(t);
}

/**
 * Starts `orgpolicy-authz` (the package's bin) on a free port.
 * `logs()` parses its JSON log lines; `decisions()` the per-request ones.
 * `keepLogs: false` discards its output (the load benchmark).
 */
export async function startAuthz(args = [], { env = {}, directory = SAMPLE_DIRECTORY, routes = null, keepLogs = true } = {}) {
  const port = await freePort();
  const routeArgs = routes ? ["--routes", routes] : [];
  const directoryArgs = directory ? ["--directory", directory] : []; // null: the args name another source
  const child = spawn(process.execPath, [AUTHZ_BIN, "--listen", `127.0.0.1:${port}`, ...directoryArgs, ...routeArgs, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", keepLogs ? "pipe" : "ignore", "pipe"],
  });
  const lines = collectLines(child);
  const logs = () =>
    lines.flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
  try {
    await waitForPort(port, child, "orgpolicy-authz");
  } catch (e) {
    await stopChild(child, "SIGKILL");
    throw new Error(`${e.message}\n${lines.join("\n")}`);
  }
  const listening = { address: `127.0.0.1:${port}` };
  return {
    child,
    address: listening.address,
    url: `http://${listening.address}`,
    lines,
    logs,
    decisions: () => logs().filter((l) => l.msg === "allowed" || l.msg === "refused"),
    /** The first log entry matching `pred`, waiting for it (logs arrive asynchronously). */
    waitForLog: async (pred, ms = 5000) => {
      const end = Date.now() + ms;
      for (;;) {
        const hit = logs().find(pred);
        if (hit) return hit;
        if (Date.now() > end) throw new Error(`no such log entry within ${ms} ms`);
        await sleep(20);
      }
    },
    stop: (signal) => stopChild(child, signal),
  };
}

function fromExample(file, subst) {
  let text = readFileSync(join(ROOT, "examples/authz", file), "utf8");
  for (const [from, to] of subst) text = text.split(from).join(to);
  return text;
}

/**
 * nginx from examples/authz/nginx.conf in front of `upstream`, asking `authz`
 * (one address or several: a load-balanced `upstream` block). `authorize: false`
 * drops the auth_request line: the same proxy, asking no one.
 */
export async function startNginx({ authz, upstream, authorize = true }) {
  const dir = tempDir("orgpolicy-nginx-");
  const port = await freePort();
  const authzList = Array.isArray(authz) ? authz : [authz];
  const site = fromExample("nginx.conf", [
    [`server ${EXAMPLE.authz};`, authzList.map((a) => `server ${a};`).join("\n    ")],
    [EXAMPLE.platform, upstream],
    [EXAMPLE.nginx, `127.0.0.1:${port}`],
  ]);
  // authorize: false -> the same nginx without the auth_request line (the benchmark's baseline)
  writeFileSync(join(dir, "orgpolicy.conf"), authorize ? site : site.replace(/^\s*auth_request \/_orgpolicy_authz;$/m, ""));
  const asRoot = process.getuid?.() === 0;
  writeFileSync(
    join(dir, "nginx.conf"),
    `${asRoot ? "user root;\n" : ""}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000; # load generators keep their connections

    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/orgpolicy.conf;
}
`,
  );
  const child = spawn("nginx", ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: ["ignore", "pipe", "pipe"] });
  const lines = collectLines(child);
  try {
    await waitForPort(port, child, "nginx");
  } catch (e) {
    await stopChild(child, "SIGKILL");
    throw new Error(`${e.message}\n${lines.join("\n")}\n${safeRead(join(dir, "error.log"))}`);
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    errorLog: () => safeRead(join(dir, "error.log")),
    stop: async () => {
      await stopChild(child, "SIGQUIT");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Caddy from examples/authz/Caddyfile in front of `upstream`, asking `authz`. */
export async function startCaddy({ authz, upstream }) {
  const dir = tempDir("orgpolicy-caddy-");
  const port = await freePort();
  const file = join(dir, "Caddyfile");
  writeFileSync(
    file,
    fromExample("Caddyfile", [
      [EXAMPLE.authz, authz],
      [EXAMPLE.platform, upstream],
      [EXAMPLE.caddy, `127.0.0.1:${port}`],
    ]),
  );
  const child = spawn("caddy", ["run", "--config", file, "--adapter", "caddyfile"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
  });
  const lines = collectLines(child);
  try {
    await waitForPort(port, child, "caddy");
  } catch (e) {
    await stopChild(child, "SIGKILL");
    throw new Error(`${e.message}\n${lines.join("\n")}`);
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    lines,
    stop: async () => {
      await stopChild(child, "SIGINT");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function safeRead(f) {
  try {
    return readFileSync(f, "utf8");
  } catch {
    return "";
  }
}

/**
 * One raw HTTP/1.1 request, bytes as given (fetch would normalize the path):
 * resolves to `{ status, headers, body }`.
 */
export function rawRequest(port, method, target, headers = {}) {
  return new Promise((resolve, reject) => {
    const sock = connect(port, "127.0.0.1");
    const lines = [`${method} ${target} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close"];
    for (const [k, v] of Object.entries(headers)) {
      for (const one of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${one}`);
    }
    sock.write(`${lines.join("\r\n")}\r\n\r\n`);
    const chunks = [];
    sock.on("data", (c) => chunks.push(c));
    sock.on("error", reject);
    sock.on("end", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const head = text.slice(0, text.indexOf("\r\n\r\n"));
      const [statusLine, ...hs] = head.split("\r\n");
      const out = {};
      for (const h of hs) {
        const i = h.indexOf(":");
        out[h.slice(0, i).toLowerCase()] = h.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers: out, body: text.slice(head.length + 4) });
    });
  });
}
