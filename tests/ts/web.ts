// A TypeScript consumer of the web build, as a bundler targeting browsers
// or an edge runtime resolves the package (`browser` condition). Compiled
// with `tsc --noEmit --strict -p tsconfig.web.json`; never run.
import init, { initSync, PolicyEngine, type Decision, type InitOutput, type SyncInitInput } from "orgpolicy";
import initWeb from "orgpolicy/web";
import initConfig, { parseHelmValues, type LoadedConfig } from "orgpolicy/config";

// Browser: fetch and instantiate the .wasm next to the module.
const ready: Promise<InitOutput> = init();
// Edge runtime: a precompiled module (e.g. `import wasm from "orgpolicy/orgpolicy_bg.wasm"`).
declare const precompiled: WebAssembly.Module;
const viaAsync: Promise<InitOutput> = init({ module_or_path: precompiled });
const input: SyncInitInput = precompiled;
const exports: InitOutput = initSync({ module: input });
const same: typeof init = initWeb;

const engine = new PolicyEngine({ authMode: "oauth" }, '{"orgs": []}');
const d: Decision = engine.check("u", "o", null, "organization:read");
// @ts-expect-error initSync needs the module
initSync();

// The .env / values.yaml readers: their own module, initialized the same way.
const configReady: Promise<unknown> = initConfig();
const loaded: LoadedConfig = parseHelmValues("config:\n  authType: oauth\n");
const fromText = new PolicyEngine(loaded.config, '{"orgs": []}');
// @ts-expect-error the text must be a string
parseHelmValues(1);

export { ready, viaAsync, exports, same, d, configReady, fromText };
