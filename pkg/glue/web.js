// The web entry of the wasm module __NAME__ (scripts/build.sh writes it to
// pkg/web/__NAME__.js from pkg/glue/web.js): wasm-bindgen's web bindings, with
// `init` and `initSync` that also take a WebAssembly.Module compiled in
// another realm (an edge runtime's `import wasm from "....wasm"` hands one
// from outside the sandbox, which fails `instanceof WebAssembly.Module`), and
// refuse with a clear error what no bindings could load; for a module with
// a PolicyEngine, pkg/glue/ids.js.
import bindingsInit, { initSync as bindingsInitSync } from "./__NAME___bindings.js";
import * as bindings from "./__NAME___bindings.js";

export * from "./__NAME___bindings.js";

__STRING_IDS__

/** A WebAssembly.Module of any realm: the brand check, not `instanceof`. */
function isModule(x) {
  if (x === null || typeof x !== "object") return false;
  try {
    WebAssembly.Module.exports(x);
    return true;
  } catch {
    return false;
  }
}

/** This realm's view of a Module from another realm (the same compiled code). */
function adopt(module) {
  if (!(module instanceof WebAssembly.Module)) Object.setPrototypeOf(module, WebAssembly.Module.prototype);
  return module;
}

const isPlain = (x) => x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype;
const isBytes = (x) => x instanceof ArrayBuffer || ArrayBuffer.isView(x) || Object.prototype.toString.call(x) === "[object ArrayBuffer]";
const describe = (x) => (x === null ? "null" : typeof x !== "object" ? typeof x : Object.prototype.toString.call(x).slice(8, -1));

function refuse(fn, accepted, given) {
  const e = new TypeError(`__NAME__ ${fn}: expected ${accepted}, got ${describe(given)}`);
  throw e;
}

/**
 * Loads the module synchronously: `initSync({ module })` with a
 * WebAssembly.Module (from any realm) or the .wasm bytes.
 */
export function initSync(input) {
  const accepted = "{ module } with a WebAssembly.Module or the .wasm bytes (ArrayBuffer or typed array)";
  const plain = isPlain(input);
  if (plain && !("module" in input)) return refuse("initSync", accepted, input);
  const module = plain ? input.module : input;
  if (isModule(module)) return bindingsInitSync({ module: adopt(module) });
  if (isBytes(module)) return bindingsInitSync({ module });
  return refuse("initSync", accepted, module);
}

/**
 * Loads the module: `init()` fetches the .wasm next to this file;
 * `init({ module_or_path })` takes a URL, a path, a Request/Response, the
 * bytes, or a WebAssembly.Module (from any realm), or a promise of one.
 */
export default async function init(input) {
  const plain = isPlain(input);
  if (plain && !("module_or_path" in input)) return refuse("init", "{ module_or_path }", input);
  let given = plain ? await input.module_or_path : await input;
  if (isModule(given)) given = adopt(given);
  else if (
    given !== undefined &&
    typeof given !== "string" &&
    !isBytes(given) &&
    !(typeof URL !== "undefined" && given instanceof URL) &&
    !(typeof Request !== "undefined" && given instanceof Request) &&
    !(typeof Response !== "undefined" && given instanceof Response)
  ) {
    return refuse("init", "a URL, path, Request, Response, the .wasm bytes or a WebAssembly.Module", given);
  }
  return bindingsInit(given === undefined ? undefined : { module_or_path: given });
}
