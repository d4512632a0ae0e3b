// ES module entry for Node: the CommonJS build in ./node (which loads the
// wasm synchronously) by name, so `import` and `require` share one instance.
export * from "./node/orgpolicy.mjs";
