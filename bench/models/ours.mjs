// orgpolicy, the package under test: pkg/node (CommonJS, sync wasm load).
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
export const { PolicyEngine } = require("../../pkg/node/orgpolicy.js");
export const name = "orgpolicy";
export const CONFIG = {};
export function create(text) {
  return new PolicyEngine(CONFIG, text);
}
