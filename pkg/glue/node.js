// The CommonJS entry of the wasm module __NAME__ for Node (scripts/build.sh
// writes it to pkg/node/__NAME__.js from pkg/glue/node.js): wasm-bindgen's
// nodejs bindings, which live beside the one .wasm in ../web and load it
// synchronously (with pkg/glue/ids.js for a module with a PolicyEngine).
// (`module.exports = require(...)` first: how Node's ES module loader sees
// the names it re-exports.)
module.exports = require("../web/__NAME___node.cjs");
const bindings = module.exports;
__STRING_IDS__
