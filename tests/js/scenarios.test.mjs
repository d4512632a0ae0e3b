// The JSON scenario files (tests/scenarios/*.json), run through the package's
// `PolicyEngine.call` with the same rules as the Rust runner
// (tests/common/scenarios.rs): `expect` is a subset of the result (objects
// recursively, an expected `null` also matches a missing key; arrays of the
// same length, element by element; numbers by value); `expect.error` means
// the call throws with that `code` (and `path`, and a message containing
// `messageContains`); `expectBuildError` means the constructor throws
// DIRECTORY_INVALID with exactly those issues, in order.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import support from "./support.cjs";

support.ensurePackage();
const { PolicyEngine } = await import("orgpolicy");

const DIR = path.join(support.ROOT, "tests", "scenarios");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();

/** Subset match; returns a list of differences. */
export function compare(expected, actual, at = "$", out = []) {
  const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(expected) && isObj(actual)) {
    for (const [k, ev] of Object.entries(expected)) {
      if (k in actual) compare(ev, actual[k], `${at}.${k}`, out);
      else if (ev !== null) out.push(`${at}.${k}: missing, expected ${JSON.stringify(ev)}`);
    }
  } else if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      out.push(`${at}: expected ${expected.length} element(s), got ${actual.length}`);
    } else {
      expected.forEach((ev, i) => compare(ev, actual[i], `${at}[${i}]`, out));
    }
  } else if (expected !== actual) {
    out.push(`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return out;
}

function thrown(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}

function checkBuildError(expected, build) {
  const problems = [];
  const { error } = thrown(build);
  if (!error) return ["the directory built without error"];
  if (!(error instanceof Error)) problems.push("thrown value is not an Error");
  if (error.code !== "DIRECTORY_INVALID") return [`expected DIRECTORY_INVALID, got ${error.code}: ${error.message}`];
  const issues = error.issues ?? [];
  if (issues.length !== expected.length) {
    return [`expected ${expected.length} issue(s), got ${issues.length}: ${JSON.stringify(issues)}`];
  }
  expected.forEach((e, i) => {
    if (e.path !== issues[i].path) problems.push(`issue ${i}: expected path ${e.path}, got ${issues[i].path}`);
    if (e.messageContains !== undefined && !issues[i].message.includes(e.messageContains)) {
      problems.push(`issue ${i}: expected the message to contain ${JSON.stringify(e.messageContains)}, got ${issues[i].message}`);
    }
  });
  return problems;
}

let total = 0;

for (const file of files) {
  test(`scenario ${file}`, () => {
    const doc = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8"));
    assert.ok(Array.isArray(doc.checks) && doc.checks.length > 0, "no checks");
    const failures = [];
    let scenarioEngine = null;
    if (doc.expectBuildError) {
      for (const build of [() => new PolicyEngine(doc.config ?? {}, doc.directory), () => new PolicyEngine(doc.config ?? {}, JSON.stringify(doc.directory))]) {
        for (const p of checkBuildError(doc.expectBuildError, build)) failures.push(`(scenario) ${p}`);
      }
    } else {
      scenarioEngine = new PolicyEngine(doc.config ?? {}, doc.directory);
    }
    for (const check of doc.checks) {
      total++;
      const name = check.name;
      const config = { ...(doc.config ?? {}), ...(check.config ?? {}) };
      const directory = check.directory ?? doc.directory;
      if (check.expectBuildError) {
        // Both ways in: a JS object and JSON text.
        for (const build of [() => new PolicyEngine(config, directory), () => new PolicyEngine(config, JSON.stringify(directory))]) {
          for (const p of checkBuildError(check.expectBuildError, build)) failures.push(`${name}: ${p}`);
        }
        continue;
      }
      const engine = check.directory || check.config || !scenarioEngine ? new PolicyEngine(config, directory) : scenarioEngine;
      const { value, error } = thrown(() => engine.call(check.method, check.input));
      const expectedError = check.expect?.error;
      if (expectedError) {
        if (!error) {
          failures.push(`${name}: expected error ${JSON.stringify(expectedError)}, got ${JSON.stringify(value)}`);
          continue;
        }
        if (!(error instanceof Error) || error.name !== "OrgPolicyError") failures.push(`${name}: not an OrgPolicyError: ${error}`);
        if (error.code !== expectedError.code) failures.push(`${name}: expected code ${expectedError.code}, got ${error.code} (${error.message})`);
        if (expectedError.path !== undefined && error.path !== expectedError.path) {
          failures.push(`${name}: expected path ${expectedError.path}, got ${error.path} (${error.message})`);
        }
        if (expectedError.messageContains !== undefined && !error.message.includes(expectedError.messageContains)) {
          failures.push(`${name}: expected the message to contain ${JSON.stringify(expectedError.messageContains)}, got ${error.message}`);
        }
      } else if (error) {
        failures.push(`${name}: unexpected error ${error.code} at ${error.path}: ${error.message}`);
      } else {
        for (const d of compare(check.expect, value)) failures.push(`${name}: ${d}`);
      }
      if (engine !== scenarioEngine) engine.free();
    }
    assert.deepEqual(failures, [], `${failures.length} failing check(s) in ${file}:\n${failures.join("\n")}`);
  });
}

test("scenario files were found and run", () => {
  assert.ok(files.length >= 5, `only ${files.length} scenario files`);
  assert.ok(total >= 100, `only ${total} checks ran`);
});

test("the subset matcher can fail", () => {
  assert.deepEqual(compare({ a: 1 }, { a: 1, b: 2 }), []);
  assert.deepEqual(compare({ a: null }, {}), []);
  assert.equal(compare({ a: 1 }, { a: 2 }).length, 1);
  assert.equal(compare([1], [1, 2]).length, 1);
  assert.equal(compare({ a: { b: "x" } }, { a: {} }).length, 1);
});
