// orgpolicy, the package under test, as an app gets it: `require("orgpolicy")`
// (bench/package.json links ../pkg; Node's `require` condition picks the
// CommonJS build in pkg/node).
//
// ORGPOLICY_PKG=<dir>: a copy of pkg/ instead (run.mjs snapshots pkg/ so a
// rebuild by someone else during a run cannot mix two builds); the files
// loaded are the ones the package's exports map names for Node.
// ORGPOLICY_NODE=/path/to/orgpolicy.js: another build altogether (scratch
// experiments).
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
const require = createRequire(import.meta.url);
const PKG = process.env.ORGPOLICY_PKG;

/** What `require(spec)` / `import(spec)` of the package gives, honouring ORGPOLICY_PKG. */
export const spec = {
  require: PKG ? join(PKG, "node/orgpolicy.js") : "orgpolicy",
  import: PKG ? pathToFileURL(join(PKG, "esm-node.mjs")).href : "orgpolicy",
};

export const pkg = require(process.env.ORGPOLICY_NODE || spec.require);
export const { PolicyEngine } = pkg;
export const name = "orgpolicy";
export const CONFIG = {};
/** From the directory's JSON text (the fast path) or the object. */
export function create(directory) {
  return new PolicyEngine(CONFIG, directory);
}
