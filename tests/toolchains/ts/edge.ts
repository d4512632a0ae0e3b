// The README's edge recipe, type-checked as a user's project does: the .wasm
// export is a WebAssembly.Module for initSync.
import { initSync, PolicyEngine, type Decision } from "orgpolicy";
import wasm from "orgpolicy/orgpolicy_bg.wasm";

initSync({ module: wasm });
const module: WebAssembly.Module = wasm;
void module;

export function canCreateRuns(text: string, userId: string): Decision {
  const engine = new PolicyEngine({}, text);
  try {
    return engine.check(userId, "org-default", "ws-1", "runs:create");
  } finally {
    engine.free();
  }
}

// @ts-expect-error: the .wasm export is a Module, not a URL string
const url: string = wasm;
void url;
