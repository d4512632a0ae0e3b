// The packed tarball through bundlers and edge runtimes: webpack and the
// README's esbuild recipe, each loaded in headless Chromium (a .wasm the
// bundler did not place is a 404 there); Miniflare (workerd) and Vercel's
// edge-runtime with the README's edge recipe, the latter with a
// WebAssembly.Module compiled in another realm.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { HERE, ROOT, SAMPLE, bin, inChromium, project } from "./support.mjs";

const require = createRequire(import.meta.url);
const esbuild = require("esbuild");

const dirs = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function browserApp(name, deps) {
  const dir = project(name, deps);
  dirs.push(dir);
  fs.cpSync(path.join(HERE, "browser-app"), dir, { recursive: true });
  return dir;
}

/** Serves `dist` with the sample directory; the page's answers and every problem seen. */
async function loadInChromium(dist) {
  fs.writeFileSync(path.join(dist, "directory.json"), SAMPLE);
  if (!fs.existsSync(path.join(dist, "index.html"))) fs.copyFileSync(path.join(HERE, "browser-app", "index.html"), path.join(dist, "index.html"));
  return inChromium(dist, async (page, problems) => {
    await page.waitForFunction(() => document.getElementById("out").textContent !== "loading");
    return { text: await page.textContent("#out"), problems };
  });
}

const EXPECTED = JSON.stringify({ bob: true, victor: false });

test("webpack 5 build (no wasm plugin) runs in Chromium", async () => {
  const dir = browserApp("webpack", ["webpack", "webpack-cli"]);
  execFileSync(bin("webpack"), ["--config", "webpack.config.mjs"], { cwd: dir, stdio: "pipe" });
  const emitted = fs.readdirSync(path.join(dir, "dist"));
  assert.ok(emitted.some((f) => f.endsWith(".wasm")), `webpack emitted ${emitted}`);
  const { text, problems } = await loadInChromium(path.join(dir, "dist"));
  assert.equal(text, EXPECTED);
  assert.deepEqual(problems, []);
});

test("the README's esbuild recipe, run as written, works in Chromium", async () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const recipe = readme.match(/```sh test=esbuild\n([\s\S]*?)```/)?.[1];
  assert.ok(recipe, "README has the esbuild recipe");
  const dir = browserApp("esbuild", ["esbuild"]);
  execFileSync("bash", ["-euc", recipe], { cwd: dir, stdio: "pipe", env: { ...process.env, PATH: `${path.join(HERE, "node_modules", ".bin")}:${process.env.PATH}` } });
  const { text, problems } = await loadInChromium(path.join(dir, "dist"));
  assert.equal(text, EXPECTED);
  assert.deepEqual(problems, []);
});

test("without the copy step, esbuild's bundle cannot find the .wasm (what the recipe is for)", async () => {
  const dir = browserApp("esbuild-nocopy", ["esbuild"]);
  execFileSync(bin("esbuild"), ["app.js", "--bundle", "--format=esm", "--outfile=dist/app.js"], { cwd: dir, stdio: "pipe" });
  const { text, problems } = await loadInChromium(path.join(dir, "dist"));
  assert.match(text, /^error/);
  assert.ok(problems.some((p) => /404 .*orgpolicy_bg\.wasm/.test(p)), problems.join("\n"));
});

/** The README's edge recipe as a module, bundled for an edge runtime (wasm imports left to the runtime). */
const EDGE_RECIPE = fs.readFileSync(path.join(ROOT, "README.md"), "utf8").match(/```js\n(import \{ initSync, PolicyEngine \} from "orgpolicy";[\s\S]*?)```/)?.[1];

async function bundleEdge(dir, conditions, format, wasm) {
  fs.writeFileSync(
    path.join(dir, "worker.js"),
    `${EDGE_RECIPE}
const ask = (text) => {
  const engine = new PolicyEngine({}, text);
  try {
    return JSON.stringify({ bob: engine.can("user-bob", "org-default", "ws-production", "runs:create"), victor: engine.can("user-victor", "org-default", "ws-production", "runs:create") });
  } finally {
    engine.free();
  }
};
export default { fetch: (request, env) => new Response(ask(env.DIRECTORY)) };
globalThis.ask = ask;
`,
  );
  await esbuild.build({
    entryPoints: [path.join(dir, "worker.js")],
    absWorkingDir: dir,
    bundle: true,
    format,
    platform: "neutral",
    conditions,
    outfile: path.join(dir, "out", "worker.js"),
    logLevel: "silent",
    plugins: [wasm],
  });
  return path.join(dir, "out", "worker.js");
}

test("Miniflare 4 (workerd) with the README's edge recipe", async () => {
  assert.ok(EDGE_RECIPE, "README has the edge recipe");
  const dir = project("miniflare");
  dirs.push(dir);
  // As wrangler does: `.wasm` imports become CompiledWasm modules.
  const wasm = {
    name: "compiled-wasm",
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, () => ({ path: "./orgpolicy_bg.wasm", external: true }));
    },
  };
  const script = await bundleEdge(dir, ["workerd", "worker", "browser"], "esm", wasm);
  fs.copyFileSync(path.join(dir, "node_modules", "orgpolicy", "web", "orgpolicy_bg.wasm"), path.join(dir, "out", "orgpolicy_bg.wasm"));
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    modules: true,
    scriptPath: script,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    bindings: { DIRECTORY: SAMPLE },
    compatibilityDate: "2025-01-01",
  });
  try {
    const res = await mf.dispatchFetch("http://localhost/");
    assert.equal(await res.text(), EXPECTED);
  } finally {
    await mf.dispose();
  }
});

test("edge-runtime: initSync takes a WebAssembly.Module compiled in another realm, refuses other inputs by name", async () => {
  const dir = project("edge-runtime");
  dirs.push(dir);
  // As Vercel's edge does: the module is compiled outside the sandbox and handed in.
  const wasm = {
    name: "host-module",
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, () => ({ path: "host-module", namespace: "host" }));
      b.onLoad({ filter: /.*/, namespace: "host" }, () => ({ contents: "export default globalThis.__HOST_WASM__;", loader: "js" }));
    },
  };
  const script = await bundleEdge(dir, ["edge-light", "worker", "browser"], "iife", wasm);
  const { EdgeRuntime } = await import("edge-runtime");
  const runtime = new EdgeRuntime();
  runtime.context.__HOST_WASM__ = new WebAssembly.Module(fs.readFileSync(path.join(dir, "node_modules", "orgpolicy", "web", "orgpolicy_bg.wasm")));
  // The case at hand: inside the sandbox the module fails `instanceof`.
  assert.equal(runtime.evaluate("__HOST_WASM__ instanceof WebAssembly.Module"), false);
  runtime.evaluate(fs.readFileSync(script, "utf8"));
  runtime.context.__DIRECTORY__ = SAMPLE;
  assert.equal(runtime.evaluate("ask(__DIRECTORY__)"), EXPECTED);

  // Refusals, from the same entry point in Node.
  const web = await import(path.join(dir, "node_modules", "orgpolicy", "web", "orgpolicy.js"));
  for (const [input, named] of [["orgpolicy_bg.wasm", "string"], [42, "number"], [{ modul: 1 }, "Object"], [null, "null"]]) {
    assert.throws(() => web.initSync(input), (e) => e instanceof TypeError && e.message.includes("initSync: expected") && e.message.endsWith(`got ${named}`), String(input));
  }
  await assert.rejects(web.default(42), /init: expected .*got number/);
  await assert.rejects(web.default({ module: 1 }), /init: expected \{ module_or_path \}, got Object/);
});
