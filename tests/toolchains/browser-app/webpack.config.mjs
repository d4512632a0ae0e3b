// webpack 5 with no wasm plugin: `new URL("orgpolicy_bg.wasm", import.meta.url)`
// in the web build becomes an emitted asset.
import path from "node:path";

export default {
  mode: "production",
  entry: "./app.js",
  output: { path: path.resolve("dist"), filename: "app.js", module: true, chunkFormat: "module" },
  experiments: { outputModule: true },
};
