#!/usr/bin/env node
// Generates pkg/middleware/index.js (CommonJS) from pkg/middleware/index.mjs
// (the source): drops the `export` keywords of top-level declarations and
// appends a `module.exports`. `--check` exits 1 when index.js is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../pkg/middleware/", import.meta.url));
const src = readFileSync(dir + "index.mjs", "utf8");

export function toCommonJs(source) {
  const names = [];
  const body = source.replace(/^export (async function|function|class|const|let) ([A-Za-z_$][\w$]*)/gm, (_, kind, name) => {
    names.push(name);
    return `${kind} ${name}`;
  });
  if (/^\s*(export|import)\s/m.test(body)) throw new Error("index.mjs has an export or import the generator does not handle");
  return (
    "// GENERATED from index.mjs by scripts/middleware-cjs.mjs: edit index.mjs, then run\n" +
    "// `node scripts/middleware-cjs.mjs`.\n" +
    '"use strict";\n' +
    body +
    `\nmodule.exports = { ${names.join(", ")} };\n`
  );
}

const out = toCommonJs(src);
if (process.argv.includes("--check")) {
  let cur = "";
  try {
    cur = readFileSync(dir + "index.js", "utf8");
  } catch {}
  if (cur !== out) {
    console.error("pkg/middleware/index.js is out of date: run `node scripts/middleware-cjs.mjs`");
    process.exit(1);
  }
} else {
  writeFileSync(dir + "index.js", out);
}
