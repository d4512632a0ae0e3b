// orgpolicy, the package under test, as an app gets it: `require("orgpolicy")`
// (bench/package.json links ../pkg; Node's `require` condition picks the
// CommonJS build in pkg/node). ORGPOLICY_NODE=/path/to/orgpolicy.js points
// the benchmark at another build (scratch experiments).
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
export const pkg = require(process.env.ORGPOLICY_NODE || "orgpolicy");
export const { PolicyEngine } = pkg;
export const name = "orgpolicy";
export const CONFIG = {};
/** From the directory's JSON text (the fast path) or the object. */
export function create(directory) {
  return new PolicyEngine(CONFIG, directory);
}
