// Shared set-up for the toolchain tests: the packed tarball of pkg/ installed
// into throw-away projects the way a user's `npm install` lays it out, with
// the tools from this directory's node_modules (scripts/test-frontend.sh
// installs them).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { startStaticServer } from "../e2e/static-server.mjs";

const { launchChromium } = createRequire(import.meta.url)("../js/support.cjs");

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, "..", "..");
export const PKG = path.join(ROOT, "pkg");
const TMP = path.join(HERE, ".tmp");
export const bin = (name) => path.join(HERE, "node_modules", ".bin", name);

let tarball;
/** `npm pack` of pkg/ (once per process). */
export function packed() {
  if (tarball) return tarball;
  fs.mkdirSync(TMP, { recursive: true });
  const dir = fs.mkdtempSync(path.join(TMP, "pack-"));
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: PKG, encoding: "utf8" });
  tarball = path.join(dir, JSON.parse(out)[0].filename);
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return tarball;
}

/**
 * A fresh project dir with the tarball extracted to node_modules/orgpolicy and
 * `deps` (names from this directory's node_modules) linked beside it.
 */
export function project(name, deps = []) {
  fs.mkdirSync(TMP, { recursive: true });
  const dir = fs.mkdtempSync(path.join(TMP, `${name}-`));
  const target = path.join(dir, "node_modules", "orgpolicy");
  fs.mkdirSync(target, { recursive: true });
  execFileSync("tar", ["-xzf", packed(), "-C", target, "--strip-components=1"]);
  for (const dep of deps) {
    const link = path.join(dir, "node_modules", dep);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(HERE, "node_modules", dep), link);
  }
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  return dir;
}

export const SAMPLE = fs.readFileSync(path.join(ROOT, "examples", "sample-directory.json"), "utf8");

/**
 * Serves `root` over http, opens its index.html in a fresh headless Chromium
 * page and runs `use(page, problems)`; `problems` collects console errors,
 * page errors and HTTP answers of 400 and more. Closes both afterwards.
 */
export async function inChromium(root, use) {
  const server = await startStaticServer({ root });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    await page.goto(`${server.url}/index.html`);
    return await use(page, problems);
  } finally {
    await browser.close();
    await server.close();
  }
}
