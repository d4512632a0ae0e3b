// orgpolicy, the package under test, as an app gets it: `require("orgpolicy")`
// (bench/package.json links ../pkg; Node's `require` condition picks the
// CommonJS build in pkg/node), and the lean flavour `require("orgpolicy/core")`
// (pkg/core/node: the same API without the YAML parser) when it is built.
// ORGPOLICY_NODE=/path/to/orgpolicy.js points the default at another build
// (scratch experiments).
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

/** The lean flavour's create(), or null when pkg/core is not built. */
export function coreFlavour() {
  let mod;
  try {
    mod = require("orgpolicy/core");
  } catch {
    return null;
  }
  return (directory) => new mod.PolicyEngine(CONFIG, directory);
}
