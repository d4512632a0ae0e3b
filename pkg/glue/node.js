// The CommonJS entry of the wasm module __NAME__ for Node (scripts/build.sh
// writes it to <module dir>/node/__NAME__.js from pkg/glue/node.js): wasm-bindgen's
// nodejs bindings in place of the `__BINDINGS__` line, reading the one .wasm
// in ../web synchronously (with pkg/glue/ids.js for a module with a
// PolicyEngine). One file, not a re-export of the bindings from beside the
// .wasm: every file Node loads costs a cold start ~0.3 ms.
__BINDINGS__
const bindings = module.exports;
__STRING_IDS__
