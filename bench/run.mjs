// The orgpolicy benchmark: per-check cost against CASL, Cedar (wasm,
// stateful) and Casbin on one scenario, cold start, package size, scale,
// steady memory, and the native core for reference. Run it through
// scripts/bench.sh (installs what is missing); prints Markdown, and with
// --write puts it into BENCHMARKS.md between the generated-section markers.
//
//   node bench/run.mjs [--write] [--quick] [--skip=native,cold,browser,scale,changes,steady,anchors]
//                      [--members=300] [--rounds=15] [--no-snapshot]
//
// pkg/ is copied to bench/.pkg-snapshot/ first (once it is complete and has
// not changed for 5 s), and every part of the run loads that copy: others
// rebuilding pkg/ meanwhile cannot mix two builds into one table.
// --no-snapshot loads pkg/ itself (through the package name).
//
// Method: every library answers the same 4096 queries over the same
// synthetic directory (bench/synth.mjs = benches/support/synth.rs), after an
// agreement check (abort on any disagreement). Timed calls run in rounds,
// libraries alternating (the order rotates each round), each round a fixed
// number of calls; the figure is the median over rounds of ns per call.
// Each case has its own loop function (compiled separately by V8), so one
// library's call site never turns another's megamorphic.

import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync, statSync, cpSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, join, relative } from "node:path";
import zlib from "node:zlib";
import { directoryJson, queries } from "./synth.mjs";
import { WORKSPACE_PERMISSIONS, ORG_ROLE_PERMISSIONS } from "./scenario.mjs";
import { interleave, median, loop } from "./children/common.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");
const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? true];
  }),
);
const QUICK = args.has("quick");
const SKIP = new Set(String(args.get("skip") || "").split(",").filter(Boolean));
const MEMBERS = Number(args.get("members") ?? 300);
const ROUNDS = Number(args.get("rounds") ?? (QUICK ? 5 : 15));
const COLD_RUNS = Number(args.get("cold-runs") ?? (QUICK ? 5 : 15));
const ROUND_MS = QUICK ? 60 : 150; // target duration of one round of a slow library

const log = (...a) => console.error("[bench]", ...a);
const out = [];
const emit = (s = "") => out.push(s);
const fmtNs = (ns) => (ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`);
const fmtMs = (ms) => `${ms.toFixed(1)} ms`;
const fmtShort = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : fmtMs(ms));
const fmtKB = (b) => `${(b / 1024).toFixed(1)} KB`;
const fmtMB = (b) => `${(b / 1048576).toFixed(2)} MB`;
const ratio = (x) => (x >= 10 ? x.toFixed(0) : x.toFixed(2));
const load = () => loadavg()[0].toFixed(2);

// ---------------------------------------------------------------- snapshot
const TARGETS = ["node", "web"];
/** The files of a build (one .wasm, loaded by both targets' bindings). */
const PKG_FILES = ["web/orgpolicy_bg.wasm", "web/orgpolicy_bindings.js", "node/orgpolicy.js", "web/orgpolicy.js"];
/** The built package's files, when pkg/ holds a complete build: both
 *  targets come out of wasm-opt the same size, so a size mismatch means a
 *  build is half way. */
function pkgState(dir) {
  const files = PKG_FILES.map((f) => join(dir, f));
  if (!files.every((f) => existsSync(f)) || !existsSync(join(dir, "package.json"))) return null;
  const consistent = statSync(files[0]).size > 0;
  const mtime = Math.max(...files.map((f) => statSync(f).mtimeMs));
  return { consistent, mtime, key: files.map((f) => `${f}:${statSync(f).size}:${statSync(f).mtimeMs}`).join("|") };
}
function snapshot() {
  const src = join(ROOT, "pkg");
  const dst = join(HERE, ".pkg-snapshot");
  for (let i = 0; ; i++) {
    const a = pkgState(src);
    if (a?.consistent && Date.now() - a.mtime > 5000) {
      rmSync(dst, { recursive: true, force: true });
      cpSync(src, dst, { recursive: true });
      const b = pkgState(src);
      if (b?.key === a.key) return { dir: dst, built: new Date(a.mtime).toISOString().replace(/\.\d+Z$/, "Z") };
    }
    if (i === 0) log("pkg/ is being rebuilt or incomplete: waiting for a complete build (up to 10 min)");
    if (i > 120) throw new Error("pkg/ did not settle into a complete build; run scripts/build.sh");
    spawnSync("sleep", ["5"]);
  }
}
const SNAP = args.has("no-snapshot") ? null : snapshot();
if (SNAP) process.env.ORGPOLICY_PKG = SNAP.dir; // for this process's models and every child
const PKG_DIR = SNAP ? SNAP.dir : join(ROOT, "pkg");
const ours = await import("./models/ours.mjs");

// ---------------------------------------------------------------- machine
function machine() {
  let model = cpus()[0]?.model ?? "unknown";
  try {
    const m = readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.+)$/m);
    if (m) model = m[1].trim();
  } catch {}
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync("nproc", { encoding: "utf8" }).trim();
  } catch {}
  // The newest of the package's files: a rebuild during the run changes it.
  const files = PKG_FILES.map((f) => join(ROOT, "pkg", f));
  const times = files.filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs);
  const built = times.length ? new Date(Math.max(...times)).toISOString().replace(/\.\d+Z$/, "Z") : "missing";
  // (when snapshotted, `built` is still pkg/'s own time: a change means pkg/ was rebuilt meanwhile)
  return { model, nproc, node: process.version, v8: process.versions.v8, built };
}

// ---------------------------------------------------------------- anchors
async function loadAnchors() {
  if (SKIP.has("anchors")) return [];
  const list = [];
  for (const file of ["casl", "casbin", "cedar"]) {
    const m = await import(`./models/${file}.mjs`);
    list.push(m);
  }
  return list;
}

// ---------------------------------------------------------------- agreement
function allQueries(doc) {
  const perms = [...WORKSPACE_PERMISSIONS, ...ORG_ROLE_PERMISSIONS.ORGANIZATION_ADMIN];
  const qs = [];
  for (const o of doc.orgs) {
    for (const m of o.members) {
      if (!m.userId) continue;
      for (const w of [null, ...o.workspaces.map((x) => x.id)]) {
        for (const p of perms) if ((w === null) === p.startsWith("organization:")) qs.push([m.userId, o.id, w, p]);
      }
    }
  }
  return qs;
}

/** bench/synth.mjs against the Rust generator (examples/synth_directory.rs). */
function synthMatchesRust() {
  if (SKIP.has("native")) return "not checked (--skip=native)";
  const run = (...a) => spawnSync("cargo", ["run", "--quiet", "--release", "--example", "synth_directory", "--", ...a], { encoding: "utf8", cwd: ROOT, maxBuffer: 1 << 26 });
  const d = run(String(MEMBERS));
  if (d.error || d.status !== 0) return `not checked (cargo: ${d.error?.message ?? d.stderr.trim().split("\n").pop()})`;
  if (d.stdout.trim() !== directoryJson(MEMBERS)) {
    console.error("bench/synth.mjs and benches/support/synth.rs disagree on the directory");
    process.exit(2);
  }
  const q = run(String(MEMBERS), "queries", "4096");
  const ours = queries(MEMBERS, 4096).map((x) => JSON.stringify(x)).join("\n");
  if (q.status !== 0 || q.stdout.trim() !== ours) {
    console.error("bench/synth.mjs and benches/support/synth.rs disagree on the queries");
    process.exit(2);
  }
  return `identical to \`cargo run --release --example synth_directory\` (directory: ${d.stdout.trim().length.toLocaleString("en-US")} bytes; 4096 queries)`;
}

async function agreement(anchors) {
  const synthCheck = synthMatchesRust();
  const sets = [];
  // 1. The timed list itself.
  const text = directoryJson(MEMBERS);
  sets.push({ label: `synthetic ${MEMBERS} members, the 4096 timed queries`, doc: JSON.parse(text), qs: queries(MEMBERS, 4096) });
  // 2. The same directory with user ids on the pending members (the
  //    generator leaves them out), every pending member × every permission
  //    everywhere, plus every permission for the first 40 members.
  const pend = JSON.parse(text);
  for (const m of pend.orgs[0].members) if (m.status === "pending") m.userId = `user-${m.id.slice("ident-".length)}`;
  const pq = allQueries(pend).filter(([u]) => Number(u.slice(5)) % 100 === 99 || Number(u.slice(5)) < 40);
  sets.push({ label: "pending members (given user ids) + 40 members, every permission × workspace", doc: pend, qs: pq });
  // 3. The sample directory: several orgs, RBAC off, a personal org.
  const sample = JSON.parse(readFileSync(join(ROOT, "examples/sample-directory.json"), "utf8"));
  sets.push({ label: "examples/sample-directory.json, every member × permission × workspace", doc: sample, qs: allQueries(sample) });

  const rows = [];
  for (const s of sets) {
    const engine = ours.create(JSON.stringify(s.doc));
    const expected = s.qs.map((q) => engine.can(q[0], q[1], q[2], q[3]));
    engine.free();
    const allowed = expected.filter(Boolean).length;
    const cells = [];
    for (const a of anchors) {
      const lib = await a.create(s.doc);
      let same = 0;
      const diffs = [];
      s.qs.forEach((q, i) => {
        const got = lib.can(q[0], q[1], q[2], q[3]);
        if (got === expected[i]) same++;
        else if (diffs.length < 5) diffs.push(`${JSON.stringify(q)}: orgpolicy ${expected[i]}, ${a.name} ${got}`);
      });
      if (same !== s.qs.length) {
        console.error(`DISAGREEMENT (${a.name}, ${s.label}): ${s.qs.length - same} of ${s.qs.length}\n  ${diffs.join("\n  ")}`);
        process.exit(2);
      }
      cells.push(`${same}/${s.qs.length}`);
    }
    rows.push(`| ${s.label} | ${s.qs.length} (${allowed} allowed) | ${cells.join(" | ")} |`);
  }
  emit(`### Agreement (before timing; the run aborts on any difference)`);
  emit();
  emit(`Synthetic directory and queries of bench/synth.mjs: ${synthCheck}.`);
  emit();
  emit(`| request list | requests | ${anchors.map((a) => `${a.name} = orgpolicy`).join(" | ")} |`);
  emit(`|---|---:|${anchors.map(() => "---:").join("|")}|`);
  for (const r of rows) emit(r);
  emit();
}

// ---------------------------------------------------------------- per check
function calibrate(fn, lib, qs) {
  // Calls per round so a round takes about ROUND_MS, capped at 100,000.
  fn(lib, qs, 200);
  const t = process.hrtime.bigint();
  let n = 0;
  while (Number(process.hrtime.bigint() - t) < 30e6) {
    fn(lib, qs, 100);
    n += 100;
  }
  const ns = Number(process.hrtime.bigint() - t) / n;
  const calls = Math.min(100_000, Math.max(200, Math.round((ROUND_MS * 1e6) / ns / 100) * 100));
  return calls;
}

async function perCheck(anchors) {
  const text = directoryJson(MEMBERS);
  const doc = JSON.parse(text);
  const qs = queries(MEMBERS, 4096);
  const engine = ours.create(text);
  const cases = [
    { name: "orgpolicy `can` (string ids; handles remembered per engine)", lib: engine, fn: loop("lib.can(q[0], q[1], q[2], q[3])"), calls: 100_000, base: true },
    { name: "orgpolicy `check` (`{allowed, code, message}`; decisions by number)", lib: engine, fn: loop("lib.check(q[0], q[1], q[2], q[3]).allowed"), calls: 100_000 },
    {
      name: "orgpolicy `canMany` (batches of 4096, per check)",
      lib: engine,
      // One call answers the whole list; per check = per call / 4096.
      fn: new Function("lib", "qs", "n", `"use strict"; let acc = 0; const b = Math.max(1, Math.round(n / qs.length)); for (let i = 0; i < b; i++) acc += lib.canMany(qs)[i & 4095]; return acc;`),
      calls: 98_304,
      batch: true,
    },
  ];
  if (typeof engine.canHandles === "function") {
    // The id-handle API: ids resolved to numbers once (outside the timing), then numbers only.
    const hq = qs.map(([u, o, w, p]) => [engine.userHandle(u), engine.orgHandle(o), w === null ? null : engine.workspaceHandle(w), engine.permissionHandle(p)]);
    hq.forEach((h, i) => {
      if (engine.canHandles(h[0], h[1], h[2], h[3]) !== engine.can(...qs[i])) throw new Error(`canHandles disagrees with can at query ${i}`);
    });
    cases.splice(1, 0, { name: "orgpolicy `canHandles` (ids → handles once, then numbers only)", key: "handles", lib: engine, qs: hq, fn: loop("lib.canHandles(q[0], q[1], q[2], q[3])"), calls: 100_000 });
  }
  if (typeof engine.canManyHandles === "function") {
    // The same handles packed once into a Uint32Array: one crossing per batch of 4096.
    const hq = qs.map(([u, o, w, p]) => [engine.userHandle(u), engine.orgHandle(o), w === null ? 0xffffffff : engine.workspaceHandle(w), engine.permissionHandle(p)]);
    const packed = Uint32Array.from(hq.flat());
    const answers = engine.canManyHandles(packed);
    qs.forEach((q, i) => {
      if ((answers[i] === 1) !== engine.can(...q)) throw new Error(`canManyHandles disagrees with can at query ${i}`);
    });
    cases.push({
      name: "orgpolicy `canManyHandles` (one packed Uint32Array of 4096 handle queries, per check)",
      key: "manyHandles",
      lib: engine,
      qs: [packed],
      fn: new Function("lib", "qs", "n", `"use strict"; let acc = 0; const b = Math.max(1, Math.round(n / 4096)); for (let i = 0; i < b; i++) acc += lib.canManyHandles(qs[0])[i & 4095]; return acc;`),
      calls: 98_304,
      batch: true,
    });
  }
  for (const a of anchors) {
    const lib = await a.create(doc);
    const label = {
      CASL: "CASL 7 `ability.can` (per-user ability, cached)",
      Casbin: "Casbin 5 `enforceSync` (RBAC with domains)",
      Cedar: "Cedar 4 wasm `statefulIsAuthorized` (preparsed policies)",
    }[a.name] ?? a.name;
    cases.push({ name: label, key: a.name, lib, fn: loop("lib.can(q[0], q[1], q[2], q[3])"), calls: 0 });
  }
  for (const c of cases) {
    c.qs ??= qs;
    c.fn(c.lib, c.qs, 2000); // warm-up
    if (!c.calls) c.calls = calibrate(c.fn, c.lib, c.qs);
    c.samples = [];
  }
  log(`per-check: ${cases.length} cases × ${ROUNDS} rounds (load ${load()})`);
  const loadStart = load();
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + r) % cases.length];
      const n = c.batch ? Math.max(1, Math.round(c.calls / qs.length)) * qs.length : c.calls; // batches are of qs.length (4096)
      const t = process.hrtime.bigint();
      c.fn(c.lib, c.qs, n);
      c.samples.push(Number(process.hrtime.bigint() - t) / n);
    }
  }
  const loadEnd = load();
  for (const c of cases) {
    c.median = median(c.samples);
    const s = [...c.samples].sort((a, b) => a - b);
    c.q1 = s[Math.floor((s.length - 1) / 4)];
    c.q3 = s[Math.ceil(((s.length - 1) * 3) / 4)];
  }
  const base = cases.find((c) => c.base).median;
  emit(`### Per check, ${MEMBERS} members, 8 workspaces (Node, one process, interleaved)`);
  emit();
  emit(`${ROUNDS} rounds; in each round every case runs its calls back to back, the order rotating; figure = median over rounds, with the interquartile range of the rounds. Load average ${loadStart} → ${loadEnd}.`);
  emit();
  emit(`| case | per check | IQR | calls per round | ÷ orgpolicy \`can\` |`);
  emit(`|---|---:|---:|---:|---:|`);
  for (const c of cases) {
    emit(`| ${c.name} | **${fmtNs(c.median)}** | ${fmtNs(c.q1)}–${fmtNs(c.q3)} | ${c.calls.toLocaleString("en-US")} | ${ratio(c.median / base)} |`);
  }
  emit();
  const byName = (prefix) => cases.find((c) => c.name.startsWith(prefix))?.median;
  const res = { base, check: byName("orgpolicy `check`"), many: byName("orgpolicy `canMany`") };
  for (const c of cases) if (c.key) res[c.key] = c.median;
  const targets = [];
  if (res.CASL) targets.push(`orgpolicy \`can\` ÷ CASL = **${(base / res.CASL).toFixed(2)}** (target ≤ 1.0: ${base / res.CASL <= 1 ? "met" : "not met"})`);
  if (res.Cedar) targets.push(`Cedar ÷ orgpolicy \`can\` = **${(res.Cedar / base).toFixed(0)}×** (target ≥ 100×: ${res.Cedar / base >= 100 ? "met" : "not met"})`);
  if (targets.length) emit(targets.join("; ") + ".");
  emit();
  engine.free();
  return res;
}

// ---------------------------------------------------------------- children
/** Runs a child (node + args), JSON on stdout; retries twice after a pause
 *  (pkg/ may be mid-rebuild by someone else: the run then warns at the end). */
function child(args, what) {
  for (let attempt = 1; ; attempt++) {
    const t = process.hrtime.bigint();
    const p = spawnSync(process.execPath, args, { encoding: "utf8", cwd: HERE, env: process.env, maxBuffer: 1 << 24 });
    const wall = Number(process.hrtime.bigint() - t) / 1e6;
    if (p.status === 0) return { json: JSON.parse(p.stdout.trim()), wall };
    if (attempt === 3) throw new Error(`${what} failed: ${p.stderr}`);
    log(`${what} failed (attempt ${attempt}), retrying in 10 s: ${p.stderr.split("\n").find((l) => /Error/.test(l)) ?? ""}`);
    spawnSync("sleep", ["10"]);
  }
}

// ---------------------------------------------------------------- cold start
function coldStart(anchors) {
  const libs = ["none", "orgpolicy-cjs", "orgpolicy-esm", ...anchors.map((a) => a.name.toLowerCase())];
  const res = Object.fromEntries(libs.map((l) => [l, { ms: [], load: [], build: [], first: [], since: [], wall: [] }]));
  log(`cold start: ${libs.length} × ${COLD_RUNS} fresh processes (load ${load()})`);
  const loadStart = load();
  for (let r = 0; r < COLD_RUNS; r++) {
    for (let k = 0; k < libs.length; k++) {
      const l = libs[(k + r) % libs.length];
      const { json: j, wall } = child([join(HERE, "children/cold.mjs"), l], `cold start ${l}`);
      for (const k of ["ms", "load", "build", "first"]) res[l][k].push(j[k]);
      res[l].since.push(j.sinceStart);
      res[l].wall.push(wall);
    }
  }
  const names = { none: "(empty script: Node's own start)", "orgpolicy-cjs": "orgpolicy, `require(\"orgpolicy\")`", "orgpolicy-esm": "orgpolicy, `import(\"orgpolicy\")`", casl: "CASL", casbin: "Casbin", cedar: "Cedar (wasm, `/nodejs`)" };
  emit(`### Cold start (fresh \`node\` per run, ${COLD_RUNS} runs each, interleaved; medians)`);
  emit();
  emit(`Load the library, build from \`examples/sample-directory.json\` (read from disk; orgpolicy from the JSON text, the others from the parsed object), answer one check (\`user-bob\` may \`runs:delete\` in \`ws-production\`). *load + build + first answer* is timed inside the child from its first statement; *since process start* adds Node's bootstrap; *spawn to exit* is the parent's wall clock. Load average ${loadStart} → ${load()}.`);
  emit();
  const casl = res.casl ? median(res.casl.ms) : NaN;
  emit(`| library | load + build + first answer | ÷ CASL | load | build | first answer | since process start | spawn to exit |`);
  emit(`|---|---:|---:|---:|---:|---:|---:|---:|`);
  for (const l of libs) {
    const bold = l.startsWith("orgpolicy") ? "**" : "";
    const r = res[l];
    const vs = l === "none" || Number.isNaN(casl) ? "–" : ratio(median(r.ms) / casl);
    emit(`| ${names[l] ?? l} | ${bold}${fmtMs(median(r.ms))}${bold} | ${vs} | ${fmtMs(median(r.load))} | ${fmtMs(median(r.build))} | ${median(r.first).toFixed(2)} ms | ${fmtMs(median(r.since))} | ${fmtMs(median(r.wall))} |`);
  }
  emit();
  // What V8 compiles on first call (bench/children/cold-code.mjs): the same
  // in every run, unlike the times above.
  const code = child([join(HERE, "children/cold-code.mjs"), "--json"], "cold-start code").json.phases;
  const kb = (p) => `${((p?.bytes ?? 0) / 1024).toFixed(1)} KB`;
  const tf = Object.entries(code).filter(([k]) => k.endsWith("TurboFan")).reduce((n, [, v]) => n + v.n, 0);
  emit(`Wasm code V8 compiles on first call (Liftoff, each function whole): the first build reaches ${code["build Liftoff"]?.n ?? 0} functions, ${kb(code["build Liftoff"])} of function bodies; the first \`can\` ${code["first Liftoff"]?.n ?? 0} more, ${kb(code["first Liftoff"])}; ${tf} function(s) tiered up to TurboFan before the process ended (\`node bench/children/cold-code.mjs [--top=N]\`).`);
  emit();
  return Object.fromEntries(libs.map((l) => [l, median(res[l].ms)]));
}

// ---------------------------------------------------------------- browser
function browserStart() {
  const rounds = QUICK ? 3 : 9;
  const loadStart = load();
  log(`browser: time to first decision in headless Chromium, ${rounds} loads (load ${loadStart})`);
  const r = child([join(HERE, "children/browser.mjs"), String(rounds)], "browser").json;
  const o = r.orgpolicy;
  emit(`### Time to first decision in headless Chromium (Chromium ${r.version}; medians of ${rounds} page loads, interleaved)`);
  emit();
  emit(`A page loads the plain web build (\`import init, { PolicyEngine } from ".../web/orgpolicy.js"\`, \`await init()\` fetching the .wasm over http from 127.0.0.1), fetches \`examples/sample-directory.json\`, builds the engine from the text and answers one \`can\`; each load in a fresh browser context (cold HTTP cache). Times are the page's \`performance.now()\`, from navigation start. The empty page (one inline module script) is the browser's own share. Load average ${loadStart} → ${load()}.`);
  emit();
  emit(`| page | navigation → first decision | ÷ empty page | module graph loaded | \`init()\` (.wasm fetch + compile) | directory fetch | build | first answer |`);
  emit(`|---|---:|---:|---:|---:|---:|---:|---:|`);
  emit(`| empty module page | ${fmtMs(r.empty.total)} | 1.00 | – | – | – | – | – |`);
  emit(`| orgpolicy web build | **${fmtMs(o.total)}** | ${ratio(o.total / r.empty.total)} | ${fmtMs(o.modules)} | ${fmtMs(o.init)} | ${fmtMs(o.fetch)} | ${fmtMs(o.build)} | ${o.first.toFixed(2)} ms |`);
  emit();
  return { total: o.total, empty: r.empty.total, afterModules: o.total - o.modules };
}

// ---------------------------------------------------------------- size
function sizes() {
  const files = TARGETS.flatMap((t) => [`pkg/${t}/orgpolicy_bg.wasm`, `pkg/${t}/orgpolicy.js`]);
  const sz = (b) => ({
    raw: b.length,
    gz: zlib.gzipSync(b, { level: 9 }).length,
    br: zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  });
  emit(`### Size (optimized builds in pkg/: node, web; gzip -9, brotli -q 11)`);
  emit();
  emit(`| file | raw | gzip | brotli |`);
  emit(`|---|---:|---:|---:|`);
  const res = {};
  for (const f of files) {
    const p = join(PKG_DIR, f.slice("pkg/".length));
    if (!existsSync(p)) continue;
    const s = sz(readFileSync(p));
    res[f] = s;
    emit(`| \`${f}\` | ${fmtKB(s.raw)} | ${fmtKB(s.gz)} | ${fmtKB(s.br)} |`);
  }
  for (const t of TARGETS) {
    const w = res[`pkg/${t}/orgpolicy_bg.wasm`], j = res[`pkg/${t}/orgpolicy.js`];
    if (w && j) {
      res[t] = { raw: w.raw + j.raw, gz: w.gz + j.gz, br: w.br + j.br };
      emit(`| **${t}: .wasm + JS glue** | ${fmtKB(res[t].raw)} | ${fmtKB(res[t].gz)} | **${fmtKB(res[t].br)}** |`);
    }
  }
  const cedarWasm = join(HERE, "node_modules/@cedar-policy/cedar-wasm/nodejs/cedar_wasm_bg.wasm");
  if (existsSync(cedarWasm)) {
    const s = sz(readFileSync(cedarWasm));
    emit(`| (for scale: Cedar's \`cedar_wasm_bg.wasm\`) | ${fmtKB(s.raw)} | ${fmtKB(s.gz)} | ${fmtKB(s.br)} |`);
  }
  emit();
  return res;
}

// ---------------------------------------------------------------- scale
function scale() {
  const sizesList = [1000, 10_000, 100_000];
  const rows = [];
  log(`scale: ${sizesList.join(", ")} members (load ${load()})`);
  const loadStart = load();
  for (const n of sizesList) {
    rows.push(child(["--expose-gc", join(HERE, "children/scale.mjs"), String(n)], `scale ${n}`).json);
  }
  // Per check at each size: all engines in this process, sizes interleaved
  // round by round (like the libraries above), so the comparison is fair.
  const cases = [];
  for (const r of rows) {
    const engine = ours.create(directoryJson(r.members));
    const qs = queries(r.members, 4096);
    r.engine = engine;
    cases.push({ r, key: "canNs", lib: engine, qs, fn: loop("lib.can(q[0], q[1], q[2], q[3])") });
    cases.push({ r, key: "checkNs", lib: engine, qs, fn: loop("lib.check(q[0], q[1], q[2], q[3]).allowed") });
    if (typeof engine.canHandles === "function") {
      const hq = qs.map(([u, o, w, p]) => [engine.userHandle(u), engine.orgHandle(o), w === null ? null : engine.workspaceHandle(w), engine.permissionHandle(p)]);
      cases.push({ r, key: "handlesNs", lib: engine, qs: hq, fn: loop("lib.canHandles(q[0], q[1], q[2], q[3])") });
    }
  }
  interleave(cases, ROUNDS);
  for (const c of cases) c.r[c.key] = median(c.samples);
  for (const r of rows) {
    r.engine.free();
    delete r.engine;
  }
  emit(`### Scale (synthetic directory, one fresh process per size)`);
  emit();
  const hasHandles = rows.some((r) => r.handlesNs);
  emit(`Build = \`new PolicyEngine(config, text)\` from JSON text (median of 9 builds, 5 at 100k; the first build of the process, with the wasm code still cold, in brackets) and from the parsed object; one fresh process per size. Memory = growth of the wasm linear memory per engine (built twice more after the first; the first build's growth, which also holds the copied JSON text, in brackets) ÷ members. Per-check times: the three engines in one process, sizes interleaved, median of ${ROUNDS} rounds × 100,000 calls over the 4096 queries of \`synth::queries(n)\`. Load average ${loadStart} → ${load()}.`);
  emit();
  emit(`| members | JSON text | build from text | build from object | wasm memory per engine | per member | \`can\` | \`check\` |${hasHandles ? " `canHandles` |" : ""}`);
  emit(`|---:|---:|---:|---:|---:|---:|---:|---:|${hasHandles ? "---:|" : ""}`);
  for (const r of rows) {
    emit(`| ${r.members.toLocaleString("en-US")} | ${fmtMB(r.jsonBytes)} | **${fmtMs(r.buildTextMs)}** (${fmtMs(r.firstBuildMs)}) | ${fmtMs(r.buildObjectMs)} | ${fmtMB(r.wasmPerEngine)} (${fmtMB(r.wasmGrowthFirst)}) | ${(r.wasmPerEngine / r.members).toFixed(0)} B | ${fmtNs(r.canNs)} | ${fmtNs(r.checkNs)} |${hasHandles ? ` ${fmtNs(r.handlesNs)} |` : ""}`);
  }
  emit();
  return rows;
}

// ---------------------------------------------------------------- changes
function changes() {
  const n = 100_000;
  const loadStart = load();
  log(`changes: applyChanges vs rebuild at ${n} members (load ${loadStart})`);
  const r = child(["--expose-gc", join(HERE, "children/changes.mjs"), String(n), String(QUICK ? 3 : 9)], "changes").json;
  emit(`### Changes without a rebuild (${n.toLocaleString("en-US")} members, one fresh process)`);
  emit();
  emit(`\`applyChanges\` with one batch per call (200 batches per sample) against \`new PolicyEngine(config, text)\` of the same directory, rounds interleaved, median of ${r.rounds}. Load average ${loadStart} → ${load()}.`);
  emit();
  emit(`| batch | per batch | rebuild | rebuild ÷ batch |`);
  emit(`|---|---:|---:|---:|`);
  for (const k of Object.keys(r).filter((k) => !["members", "memberCount", "rounds", "rebuild"].includes(k))) {
    emit(`| \`${k}\` | ${fmtShort(r[k])} | ${fmtMs(r.rebuild)} | **${(r.rebuild / r[k]).toFixed(0)}×** |`);
  }
  emit();
  return r;
}

// ---------------------------------------------------------------- steady memory
function steady() {
  const rows = [];
  log(`steady memory (load ${load()})`);
  for (const mode of ["can", "check", "canMany"]) {
    rows.push(child(["--expose-gc", join(HERE, "children/steady.mjs"), mode], `steady ${mode}`).json);
  }
  emit(`### Steady memory (300 members; fresh process per API)`);
  emit();
  emit(`RSS sampled after 3 × (GC + 100 ms); *peak* = highest RSS seen (without GC) after each 99k-check step on the way to 1M; *109k → 1M* = RSS after the last step minus RSS after the first (JIT tiering is done by then).`);
  emit();
  emit(`| API | RSS after 10k checks | after 1M checks | RSS growth | peak on the way | 109k → 1M | wasm memory growth | JS heap used after 1M |`);
  emit(`|---|---:|---:|---:|---:|---:|---:|---:|`);
  for (const r of rows) {
    emit(`| \`${r.mode}\` | ${fmtMB(r.after10k.rss)} | ${fmtMB(r.after1M.rss)} | **${(r.rssDelta / 1024).toFixed(0)} KB** | ${fmtMB(r.rssPeak)} | ${((r.rssCurve.at(-1) - r.rssCurve[0]) / 1024).toFixed(0)} KB | ${(r.wasmDelta / 1024).toFixed(0)} KB | ${fmtMB(r.after1M.heap)} |`);
  }
  emit();
  return rows;
}

// ---------------------------------------------------------------- native
function native() {
  log(`native: cargo bench --bench native (load ${load()})`);
  const p = spawnSync("cargo", ["bench", "--bench", "native"], { encoding: "utf8", cwd: ROOT, maxBuffer: 1 << 24 });
  if (p.error || p.status !== 0) {
    emit(`### Native core\n\n(cargo bench --bench native did not run: ${p.error?.message ?? p.stderr.split("\n").slice(-5).join(" ")})\n`);
    return null;
  }
  const lines = p.stdout.split("\n").filter((l) => l.startsWith("|"));
  emit(`### Native core (\`cargo bench --bench native\`, release profile, same synthetic directory)`);
  emit();
  for (const l of lines) emit(l);
  emit();
  const res = {};
  for (const l of lines) {
    const m = l.match(/^\| `(can|check|canHandles)` \| (\d+) \| ([\d.]+) \|/);
    if (m) res[`${m[1]}@${m[2]}`] = Number(m[3]);
    const b = l.match(/^\| build from JSON text \| (\d+) \| ([\d.]+) ms \|/);
    if (b) res[`build@${b[1]}`] = Number(b[2]);
  }
  return res;
}

// ---------------------------------------------------------------- main
const m = machine();
log(`orgpolicy bench: ${m.nproc} cores, ${m.model}, Node ${m.node}; load ${load()}`);
const anchors = await loadAnchors();
const started = new Date();
emit(`Generated by \`scripts/bench.sh\` (\`node bench/run.mjs\`) on ${started.toISOString().slice(0, 16).replace("T", " ")} UTC.`);
emit();
emit(`Machine: ${m.nproc} cores (\`nproc\`), ${m.model}, Node ${m.node} (V8 ${m.v8}); load average at start ${load()}. Package: \`pkg/\` built ${SNAP ? SNAP.built : m.built}${SNAP ? " (measured from a snapshot copy taken at the start)" : ""}. Anchors: ${anchors.length ? anchorVersions() : "skipped"}.`);
emit();

function anchorVersions() {
  const v = (p) => JSON.parse(readFileSync(join(HERE, "node_modules", p, "package.json"), "utf8")).version;
  return `@casl/ability ${v("@casl/ability")}, @cedar-policy/cedar-wasm ${v("@cedar-policy/cedar-wasm")}, casbin ${v("casbin")}`;
}

await agreement(anchors);
const summary = { machine: m };
summary.perCheck = await perCheck(anchors);
if (!SKIP.has("cold")) summary.cold = coldStart(anchors);
if (!SKIP.has("browser")) summary.browser = browserStart();
summary.size = sizes();
if (!SKIP.has("scale")) summary.scale = scale();
if (!SKIP.has("changes")) summary.changes = changes();
if (!SKIP.has("steady")) summary.steady = steady();
if (!SKIP.has("native")) summary.native = native();
emit(`Load average at the end: ${load()}.`);

// The targets of the performance issue, measured above (goals, not test thresholds).
{
  const t = [];
  const yes = (ok) => (ok ? "met" : "**not met**");
  const pc = summary.perCheck;
  if (pc.CASL) t.push([`\`can\` per check vs CASL (${MEMBERS} members)`, "÷ CASL ≤ 1.0", `${fmtNs(pc.base)} vs ${fmtNs(pc.CASL)} = ${(pc.base / pc.CASL).toFixed(2)}${pc.handles ? `; \`canHandles\` ${fmtNs(pc.handles)} = ${(pc.handles / pc.CASL).toFixed(2)}` : ""}`, pc.base <= pc.CASL ? "met" : pc.handles && pc.handles <= pc.CASL ? "met only with `canHandles`" : "**not met**"]);
  if (pc.Cedar) t.push(["`can` vs Cedar-wasm stateful", "≥ 100× faster", `${fmtNs(pc.Cedar)} ÷ ${fmtNs(pc.base)} = ${(pc.Cedar / pc.base).toFixed(0)}×`, yes(pc.Cedar / pc.base >= 100)]);
  t.push(["`check` per check (`{allowed, code, message}`)", "÷ `can` ≤ 2", `${fmtNs(pc.check)} vs ${fmtNs(pc.base)} = ${(pc.check / pc.base).toFixed(2)}`, yes(pc.check / pc.base <= 2)]);
  t.push(["`canMany` per check (4096 string tuples)", "(reported)", `${fmtNs(pc.many)} = ${(pc.many / pc.base).toFixed(2)} × \`can\``, "–"]);
  if (pc.manyHandles) t.push(["`canManyHandles` per check (4096 packed)", "÷ `can` ≤ 0.3", `${fmtNs(pc.manyHandles)} = ${(pc.manyHandles / pc.base).toFixed(2)} × \`can\`${pc.CASL ? `, ${(pc.manyHandles / pc.CASL).toFixed(2)} × CASL` : ""}`, yes(pc.manyHandles / pc.base <= 0.3)]);
  if (summary.cold) {
    const c = summary.cold;
    const vs = (x) => (c.casl ? ` = ${(x / c.casl).toFixed(2)} × CASL` : "");
    t.push(["cold start in Node: import + build sample + 1 check", "≤ 10 ms", `${fmtMs(c["orgpolicy-esm"])} (import)${vs(c["orgpolicy-esm"])}, ${fmtMs(c["orgpolicy-cjs"])} (require)${vs(c["orgpolicy-cjs"])}${c.casl ? `; CASL ${fmtMs(c.casl)}, Cedar ${fmtMs(c.cedar)}` : ""}`, yes(c["orgpolicy-esm"] <= 10)]);
  }
  if (summary.browser) {
    const b = summary.browser;
    t.push(["time to first decision in headless Chromium (navigation → first `can`)", "(reported)", `${fmtMs(b.total)} = ${(b.total / b.empty).toFixed(2)} × an empty module page (${fmtMs(b.empty)}); ${fmtMs(b.afterModules)} after the module graph loaded`, "–"]);
  }
  const sz = summary.size;
  if (sz.node) {
    const list = TARGETS.filter((k) => sz[k]).map((k) => `${k} ${fmtKB(sz[k].br)}`).join(", ");
    const best = Math.min(...TARGETS.filter((k) => sz[k]).map((k) => sz[k].br));
    t.push([".wasm + JS glue, brotli", "≤ 40 KB", list, yes(best <= 40 * 1024)]);
  }
  const sc = summary.scale;
  if (sc) {
    const at = (n) => sc.find((r) => r.members === n);
    const big = at(100_000), small = at(1000);
    // The native core's build of the same directory (cargo bench, this run), when it ran.
    const native = summary.native?.["build@100000"];
    if (big) t.push(["build 100k members from JSON text", "≤ 150 ms", `${fmtMs(big.buildTextMs)} = ${(big.buildTextMs / 150).toFixed(2)} × the goal${native ? `; the native core builds it in ${fmtMs(native)} (wasm ÷ native = ${(big.buildTextMs / native).toFixed(2)})` : ""}`, yes(big.buildTextMs <= 150)]);
    const perMember = sc.map((r) => r.wasmPerEngine / r.members);
    if (big) t.push(["engine memory per member", "≤ 250 B", perMember.map((b) => `${b.toFixed(0)} B`).join(" / ") + " at 1k / 10k / 100k", yes(Math.max(...perMember) <= 250)]);
    if (big && small) {
      const grows = [big.canNs / small.canNs, ...(big.handlesNs ? [big.handlesNs / small.handlesNs] : [])];
      t.push(["per-check time as the directory grows", "≤ 1.3× from 1k to 100k", `\`can\` ${sc.map((r) => fmtNs(r.canNs)).join(" → ")} (${grows[0].toFixed(2)}×)${big.handlesNs ? `; \`canHandles\` ${sc.map((r) => fmtNs(r.handlesNs)).join(" → ")} (${grows[1].toFixed(2)}×)` : ""}`, yes(Math.max(...grows) <= 1.3)]);
    }
  }
  if (summary.changes) {
    const c = summary.changes;
    const worst = Math.max(...Object.entries(c).filter(([k]) => !["members", "memberCount", "rounds", "rebuild"].includes(k)).map(([, v]) => v));
    t.push(["one change on a 100k-member engine", "≤ 1 ms", `slowest batch ${fmtShort(worst)}; rebuild ${fmtMs(c.rebuild)} (${(c.rebuild / worst).toFixed(0)}× the batch)`, yes(worst <= 1)]);
  }
  if (summary.steady) {
    const worst = Math.max(...summary.steady.map((r) => Math.abs(r.rssDelta)));
    t.push(["RSS after 1M checks vs after 10k", "within 2 MB", summary.steady.map((r) => `${r.mode} ${(r.rssDelta / 1024).toFixed(0)} KB`).join(", "), yes(worst <= 2 * 1048576)]);
  }
  if (summary.native && summary.native["can@1000"]) {
    const sc1k = summary.scale?.find((r) => r.members === 1000);
    t.push(["native core `can` (1k members)", "(reported)", `${fmtNs(summary.native["can@1000"])}${sc1k ? `; Node \`can\` at 1k is ${fmtNs(sc1k.canNs)}, so ${(100 * (1 - summary.native["can@1000"] / sc1k.canNs)).toFixed(0)}% of it is wasm + boundary` : ""}`, "–"]);
  }
  const head = ["### Targets", "", "| target | goal | measured | |", "|---|---|---|---|", ...t.map((r) => `| ${r.join(" | ")} |`), ""];
  out.splice(4, 0, ...head);
}
const builtEnd = machine().built;
if (builtEnd !== m.built) emit(SNAP ? `(pkg/ was rebuilt during this run, at ${builtEnd}; these figures are all from the snapshot of the ${SNAP.built} build.)` : `**Warning: pkg/ was rebuilt during this run (${m.built} → ${builtEnd}); figures may mix two builds.**`);
const md = out.join("\n");
console.log(md);
writeFileSync(join(HERE, "last-run.json"), JSON.stringify(summary, null, 2) + "\n");

if (args.has("write")) {
  const file = join(ROOT, "BENCHMARKS.md");
  const BEGIN = "<!-- bench:begin (generated by scripts/bench.sh; edits here are overwritten) -->";
  const END = "<!-- bench:end -->";
  let doc = existsSync(file) ? readFileSync(file, "utf8") : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const a = doc.indexOf(BEGIN), b = doc.indexOf(END);
  if (a < 0 || b < a) doc += `\n${BEGIN}\n${END}\n`;
  const i = doc.indexOf(BEGIN), j = doc.indexOf(END);
  doc = doc.slice(0, i + BEGIN.length) + "\n" + md + "\n" + doc.slice(j);
  writeFileSync(file, doc);
  log(`wrote ${relative(process.cwd(), file)}`);
}
