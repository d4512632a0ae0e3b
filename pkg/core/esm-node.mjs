// ES module entry for Node (lean build): re-exports the CommonJS build in
// ./node, so `import` and `require` share one instance.
export * from "./node/orgpolicy.js";
