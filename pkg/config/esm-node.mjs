// ES module entry for Node: re-exports the CommonJS build in ./node (which
// loads the wasm synchronously), so `import` and `require` share one instance.
export * from "./node/orgpolicy_config.js";
