// The middleware's TypeScript declarations: they compile under `strict`
// against real usage (tests/e2e/types/middleware-usage.ts, which also holds
// misuse marked @ts-expect-error) and use no `any`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { ROOT } from "./helpers.mjs";

const tsc = `${ROOT}tools/node_modules/.bin/tsc`;

test("index.d.ts compiles against typed usage (tsc --strict)", { skip: !existsSync(tsc) && "typescript not installed (scripts/setup.sh)" }, () => {
  try {
    execFileSync(tsc, ["-p", `${ROOT}tests/e2e/types/tsconfig.json`], { stdio: "pipe", encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test("index.d.ts has no `any`", () => {
  const code = readFileSync(`${ROOT}pkg/middleware/index.d.ts`, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "");
  assert.doesNotMatch(code, /\bany\b/);
});
