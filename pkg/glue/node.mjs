// The ES module entry of the wasm module __NAME__ for Node (scripts/build.sh
// writes it beside the module's node/ folder as esm-node.mjs from
// pkg/glue/node.mjs, with the names the CommonJS entry exports in place of
// `__NAMES__`). It loads the CommonJS entry with `require`, so `import` and
// `require` share one instance, and names its exports itself: re-exporting
// CommonJS with `export * from` makes Node scan the bindings' source for
// their names (cjs-module-lexer), which cost ~10 ms of every start.
import { createRequire } from "node:module";

export const { __NAMES__ } = createRequire(import.meta.url)("./node/__NAME__.js");
