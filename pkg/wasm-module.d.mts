// Types for the package's .wasm exports (`orgpolicy/orgpolicy_bg.wasm`,
// `orgpolicy/config/orgpolicy_config_bg.wasm`): what
// edge runtimes (Vercel edge, Cloudflare Workers) and bundlers with
// wasm-module imports hand to `import wasm from "orgpolicy/orgpolicy_bg.wasm"`,
// a compiled module for `initSync({ module: wasm })`.
declare const module: WebAssembly.Module;
export default module;
