// Shared helpers for the e2e tests: the engine (Node build), the sample
// directory, and the example gateway as a child process.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SAMPLE_PATH = `${ROOT}examples/sample-directory.json`;
export const SAMPLE_TEXT = readFileSync(SAMPLE_PATH, "utf8");

const require = createRequire(import.meta.url);
/** The package's Node build (`scripts/build.sh` makes it). */
export const orgpolicy = require("../../pkg/node/orgpolicy.js");

export function sampleEngine(config = {}, text = SAMPLE_TEXT) {
  return new orgpolicy.PolicyEngine(config, text);
}

/**
 * Starts `examples/gateway/server.mjs` on 127.0.0.1 with a random port.
 * Resolves to `{ url, child, lines, waitFor(regex), stop() }`.
 */
export async function spawnGateway(env = {}) {
  const child = spawn(process.execPath, [`${ROOT}examples/gateway/server.mjs`], {
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines = [];
  const waiters = [];
  let buf = "";
  const onData = (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          clearTimeout(w.timer);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout.setEncoding("utf8").on("data", onData);
  child.stderr.setEncoding("utf8").on("data", onData);
  const exited = new Promise((resolve) => child.once("exit", resolve));

  const waitFor = (re, ms = 15000) => {
    const seen = lines.find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const w = {
        re,
        resolve,
        timer: setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`gateway did not print ${re} within ${ms} ms; output:\n${lines.join("\n")}`));
        }, ms),
      };
      waiters.push(w);
    });
  };
  const first = await Promise.race([
    waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/),
    exited.then((code) => {
      throw new Error(`gateway exited with ${code}:\n${lines.join("\n")}`);
    }),
  ]);
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(first)[0];
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return { url, child, lines, waitFor, stop };
}

/** GET/POST/... with headers; resolves to `{ status, headers, body }` (body parsed as JSON). */
export async function call(url, { method = "GET", headers = {} } = {}) {
  const res = await fetch(url, { method, headers });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}
