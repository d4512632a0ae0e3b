// One cold start, in a fresh process (run.mjs spawns this many times):
// load the library, build from examples/sample-directory.json, answer one
// check. Prints JSON: `ms` = load + build + first answer (each also
// apart: `load`, `build`, `first`), timed from the
// first statement of this module; `sinceStart` adds Node's own bootstrap
// (performance.now() counts from process start).
//   node bench/children/cold.mjs <orgpolicy-cjs|orgpolicy-esm|casl|casbin|cedar|none>
const t0 = performance.now();
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const which = process.argv[2];
const SAMPLE = new URL("../../examples/sample-directory.json", import.meta.url);
// The package as an app names it, or the snapshot run.mjs made (same files).
const PKG = process.env.ORGPOLICY_PKG;
const REQUIRE = process.env.ORGPOLICY_NODE || (PKG ? join(PKG, "node/orgpolicy.js") : "orgpolicy");
const IMPORT = PKG ? pathToFileURL(join(PKG, "esm-node.mjs")).href : "orgpolicy";
const Q = ["user-bob", "org-default", "ws-production", "runs:delete"]; // true: Bob is Workspace Admin there

let answer, tLoad, tBuild;
if (which === "orgpolicy-cjs") {
  const { PolicyEngine } = createRequire(import.meta.url)(REQUIRE);
  tLoad = performance.now();
  const engine = new PolicyEngine({}, readFileSync(SAMPLE, "utf8"));
  tBuild = performance.now();
  answer = engine.can(Q[0], Q[1], Q[2], Q[3]);
} else if (which === "orgpolicy-esm") {
  const { PolicyEngine } = await import(IMPORT);
  tLoad = performance.now();
  const engine = new PolicyEngine({}, readFileSync(SAMPLE, "utf8"));
  tBuild = performance.now();
  answer = engine.can(Q[0], Q[1], Q[2], Q[3]);
} else if (which === "none") {
  tLoad = tBuild = performance.now();
  answer = true;
} else {
  // The model module imports the library; building includes JSON.parse.
  const model = await import(`../models/${which}.mjs`);
  tLoad = performance.now();
  const lib = await model.create(JSON.parse(readFileSync(SAMPLE, "utf8")));
  tBuild = performance.now();
  answer = lib.can(Q[0], Q[1], Q[2], Q[3]);
}
const t1 = performance.now();
if (answer !== true) {
  console.error(`${which}: wrong answer ${answer}`);
  process.exit(1);
}
process.stdout.write(JSON.stringify({ ms: t1 - t0, load: tLoad - t0, build: tBuild - tLoad, first: t1 - tBuild, sinceStart: t1 }) + "\n");
