// Bad input across the JS boundary: a table of wrong types, missing and
// unknown fields, prototype keys, huge and deeply nested values, lone
// surrogates, non-finite numbers, cyclic and exotic objects, use after
// free() and bad configurations. Each case must throw a real Error carrying
// a `code` (and a message naming the argument or path) or, where the input
// is legal, succeed cleanly; and right afterwards the same engine must still
// answer correctly and Object.prototype must be untouched.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import support from "./support.cjs";

support.ensurePackage();
const { PolicyEngine, isOrgPolicyError } = await import("orgpolicy");

const SAMPLE_TEXT = fs.readFileSync(path.join(support.ROOT, "examples", "sample-directory.json"), "utf8");
const SAMPLE = () => JSON.parse(SAMPLE_TEXT);
const E = new PolicyEngine({ authMode: "oauth" }, SAMPLE_TEXT);
const sane = () => E.can("user-bob", "org-default", "ws-production", "runs:delete");
const Q = ["user-bob", "org-default", "ws-production", "runs:read"];

// ---- helpers ---------------------------------------------------------------

const WRONG = { number: 1, boolean: true, object: {}, array: [], symbol: Symbol("s"), bigint: 10n, function: () => 1, null: null, undefined: undefined, NaN: NaN, Infinity: Infinity };

/** Expect an OrgPolicyError with `code`; `where` (string, or RegExp) must be the path and appear in the message. */
function err(code, where) {
  return (outcome) => {
    assert.equal(outcome.ok, false, `expected ${code}, got a result: ${safeJson(outcome.value)}`);
    const e = outcome.error;
    assert.ok(e instanceof Error, `not an Error: ${String(e)}`);
    assert.ok(isOrgPolicyError(e), `not an OrgPolicyError: ${e.name}: ${e.message}`);
    assert.equal(e.code, code, e.message);
    assert.equal(typeof e.message, "string");
    assert.ok(e.message.length > 0);
    if (where !== undefined) {
      if (where instanceof RegExp) assert.match(e.path ?? "", where, e.message);
      else {
        assert.equal(e.path, where, e.message);
        const named = e.message.includes(where) || (e.issues ?? []).some((i) => i.path === where);
        assert.ok(named, `neither the message nor the issues name \`${where}\`: ${e.message}`);
      }
    }
    return e;
  };
}
const ok = (check) => (outcome) => {
  assert.equal(outcome.ok, true, `expected success, threw ${outcome.error?.code} ${outcome.error?.message}`);
  if (check) check(outcome.value);
};
/** Either outcome is legal; a throw must still be a coded OrgPolicyError in `codes`. */
const okOr = (...codes) => (outcome) => {
  if (outcome.ok) return;
  assert.ok(isOrgPolicyError(outcome.error), `not an OrgPolicyError: ${outcome.error}`);
  assert.ok(codes.includes(outcome.error.code), `${outcome.error.code}: ${outcome.error.message}`);
};

function safeJson(v) {
  try {
    return JSON.stringify(v)?.slice(0, 200);
  } catch {
    return String(v);
  }
}

function run(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

const cases = [];
const add = (name, fn, expect) => cases.push({ name, fn, expect });

// ---- wrong types for every argument of several methods --------------------

for (const [kind, v] of Object.entries(WRONG)) {
  add(`can(userId: ${kind})`, () => E.can(v, "org-default", "ws-production", "runs:read"), err("INVALID_INPUT", "userId"));
  add(`can(orgId: ${kind})`, () => E.can("user-bob", v, "ws-production", "runs:read"), err("INVALID_INPUT", "orgId"));
  add(`check(permission: ${kind})`, () => E.check("user-bob", "org-default", "ws-production", v), err("INVALID_INPUT", "permission"));
  add(`canCreatePat(orgId: ${kind})`, () => E.canCreatePat("user-bob", v), err("INVALID_INPUT", "orgId"));
  add(`canShare(resource: ${kind})`, () => E.canShare("user-bob", "org-default", "ws-production", v), err("INVALID_INPUT", "resource"));
  add(`planInvites(${kind})`, () => E.planInvites(v), err("INVALID_INPUT"));
  add(`call(method: ${kind})`, () => E.call(v, {}), err("INVALID_INPUT", "method"));
  add(`withConfig(${kind})`, () => E.withConfig(v), kind === "object" ? ok((e2) => { assert.equal(e2.config.authMode, "none"); e2.free(); }) : err("INVALID_INPUT", "config"));
}
for (const kind of ["number", "boolean", "object", "array", "symbol", "bigint", "function", "NaN"]) {
  const v = WRONG[kind];
  add(`can(workspaceId: ${kind})`, () => E.can("user-bob", "org-default", v, "runs:read"), err("INVALID_INPUT", "workspaceId"));
  add(`resolveGroups(groups: ${kind})`, () => E.resolveGroups("org-default", v), kind === "array" ? ok((r) => assert.equal(r.orgRole, null)) : err("INVALID_INPUT", /^groups/));
  add(`canMany([[..., permission: ${kind}]])`, () => E.canMany([["user-bob", "org-default", null, v]]), err("INVALID_INPUT", "queries[0].permission"));
  add(`new PolicyEngine(${kind}, dir)`, () => new PolicyEngine(v, SAMPLE_TEXT), kind === "object" ? ok((e2) => e2.free()) : err("INVALID_INPUT", "config"));
  add(`new PolicyEngine({}, ${kind})`, () => new PolicyEngine({}, v), kind === "object" ? err("DIRECTORY_INVALID") : err("INVALID_INPUT", "directory"));
}
add("can(workspaceId: null) is legal", () => E.can("user-bob", "org-default", null, "organization:read"), ok((v) => assert.equal(v, true)));
add("can(workspaceId: undefined) is legal", () => E.can("user-bob", "org-default", undefined, "organization:read"), ok((v) => assert.equal(v, true)));
add("can() with no arguments", () => E.can(), err("INVALID_INPUT", "userId"));
add("groupsSyncLogin(groups: [1])", () => E.groupsSyncLogin("org-default", ["LS:Organization Admins", 1]), err("INVALID_INPUT", "groups[1]"));
add("resolveGroups(groups: [null])", () => E.resolveGroups("org-default", [null]), err("INVALID_INPUT", "groups[0]"));

// ---- missing and unknown fields ---------------------------------------------

add("planInvites({}) missing fields", () => E.planInvites({}), err("INVALID_INPUT"));
add("planInvites: unknown field", () => E.planInvites({ actorId: "user-alice", orgId: "org-default", invitees: [], bogus: 1 }), err("INVALID_INPUT", /bogus/));
add("planInvites: invitee unknown field", () => E.planInvites({ actorId: "user-alice", orgId: "org-default", invitees: [{ email: "a@b.co", role: "x" }] }), err("INVALID_INPUT", /^invitees\[0\]/));
add("planInvites: invitee orgRole wrong", () => E.planInvites({ actorId: "user-alice", orgId: "org-default", invitees: [{ email: "a@b.co", orgRole: "OWNER" }] }), err("UNKNOWN_ROLE", "invitees[0].orgRole"));
add("planInvites: undefined property means absent", () => E.planInvites({ actorId: "user-alice", orgId: "org-default", workspaceId: undefined, invitees: [] }), ok((p) => assert.equal(typeof p.allowed, "boolean")));
add("firstLogin: missing email", () => E.firstLogin({ groups: [] }), err("INVALID_INPUT"));
add("firstLogin: groups a string", () => E.firstLogin({ email: "a@b.co", groups: "LS:Organization Admins" }), err("INVALID_INPUT", "groups"));
add("authorizeRequest: unknown credential type", () => E.authorizeRequest({ credential: { type: "cookie", value: "x" }, operation: { scope: "org" } }), err("INVALID_INPUT", /^credential/));
add("authorizeRequest: missing operation", () => E.authorizeRequest({ organizationId: "org-default" }), err("INVALID_INPUT"));
add("canManageMembers: unknown op", () => E.canManageMembers("user-alice", "org-default", { op: "nuke" }), err("INVALID_INPUT", /^operation/));
add("canManageMembers: op missing memberId", () => E.canManageMembers("user-alice", "org-default", { op: "removeFromOrg" }), err("INVALID_INPUT", /^operation/));
add("canAdminister: unknown action", () => E.canAdminister("user-alice", "org-default", { action: "selfDestruct" }), err("INVALID_INPUT", /^action/));
add("call: unknown method", () => E.call("noSuchMethod", {}), err("INVALID_INPUT", "method"));
add("call: can with unknown field", () => E.call("can", { ...{ userId: "user-bob", orgId: "org-default", permission: "runs:read" }, extra: 1 }), err("INVALID_INPUT"));
add("unknown permission", () => E.can("user-bob", "org-default", "ws-production", "runz:delete"), err("UNKNOWN_PERMISSION", "permission"));
add("unknown org", () => E.can("user-bob", "org-nope", "ws-production", "runs:read"), err("UNKNOWN_ORG", "orgId"));
add("unknown user", () => E.can("user-nope", "org-default", "ws-production", "runs:read"), err("UNKNOWN_USER", "userId"));

// ---- __proto__ / constructor / prototype keys --------------------------------

const protoInput = JSON.parse('{"actorId":"user-alice","orgId":"org-default","invitees":[],"__proto__":{"polluted":1}}');
add("planInvites: own __proto__ key", () => E.planInvites(protoInput), err("INVALID_INPUT", /__proto__/));
add("planInvites: constructor key", () => E.planInvites({ actorId: "user-alice", orgId: "org-default", invitees: [], constructor: { prototype: { polluted: 1 } } }), err("INVALID_INPUT", /constructor/));
add("call(\"__proto__\")", () => E.call("__proto__", {}), err("INVALID_INPUT", "method"));
add("can(userId: \"__proto__\")", () => E.can("__proto__", "org-default", null, "organization:read"), err("UNKNOWN_USER", "userId"));
add("can(orgId: \"constructor\")", () => E.can("user-bob", "constructor", null, "organization:read"), err("UNKNOWN_ORG", "orgId"));
add("can(permission: \"prototype\")", () => E.can("user-bob", "org-default", null, "prototype"), err("UNKNOWN_PERMISSION", "permission"));
add("canManageMembers: op \"__proto__\"", () => E.canManageMembers("user-alice", "org-default", { op: "__proto__" }), err("INVALID_INPUT", /^operation/));
function protoDirectory() {
  const d = SAMPLE();
  d.orgs[0].workspaces.push({ id: "__proto__", name: "Proto" }, { id: "constructor", name: "Ctor" }, { id: "prototype", name: "Proto2" });
  d.orgs[0].members[2].workspaces.__proto__ = "WORKSPACE_ADMIN"; // sets the prototype: not an own key
  return d;
}
add("directory object: workspaces named __proto__/constructor/prototype", () => {
  const d = protoDirectory();
  Object.defineProperty(d.orgs[0].members[2].workspaces, "__proto__", { value: "WORKSPACE_EDITOR", enumerable: true });
  d.orgs[0].members[2].workspaces.constructor = "WORKSPACE_VIEWER";
  const e2 = new PolicyEngine({}, d);
  try {
    return [e2.can("user-bob", "org-default", "__proto__", "runs:create"), e2.can("user-bob", "org-default", "constructor", "runs:create"), e2.permissions("user-bob", "org-default", "prototype").workspaceRole];
  } finally {
    e2.free();
  }
}, ok((v) => assert.deepEqual(v, [true, false, null])));
add("directory text: workspace id __proto__ as a member key", () => {
  const text = SAMPLE_TEXT.replace('"ws-production": "WORKSPACE_ADMIN"', '"ws-production": "WORKSPACE_ADMIN", "__proto__": "WORKSPACE_ADMIN"');
  assert.notEqual(text, SAMPLE_TEXT);
  return new PolicyEngine({}, text);
}, err("DIRECTORY_INVALID"));
add("directory text: top-level __proto__ / constructor", () => {
  const text = SAMPLE_TEXT.replace('{\n  "defaultOrgId"', '{ "__proto__": { "polluted": 1 }, "constructor": { "prototype": { "polluted": 1 } },\n  "defaultOrgId"');
  assert.notEqual(text, SAMPLE_TEXT);
  return new PolicyEngine({}, text);
}, okOr("DIRECTORY_INVALID", "INVALID_INPUT"));
add("config with own __proto__ key", () => new PolicyEngine(JSON.parse('{"authMode":"oauth","__proto__":{"polluted":1}}'), SAMPLE_TEXT), err("CONFIG_INVALID", "__proto__"));

// ---- very long strings and arrays -------------------------------------------

const MB = "u".repeat(1 << 20);
add("can(userId: 1 MB)", () => E.can(MB, "org-default", null, "organization:read"), err("UNKNOWN_USER", "userId"));
add("check(permission: 1 MB)", () => E.check("user-bob", "org-default", "ws-production", MB), err("UNKNOWN_PERMISSION", "permission"));
add("personalOrgOnFirstLogin(1 MB e-mail)", () => E.personalOrgOnFirstLogin(`${MB}@example.com`), okOr("INVALID_INPUT"));
add("resolveGroups(100k groups)", () => E.resolveGroups("org-default", Array.from({ length: 100_000 }, (_, i) => (i % 2 ? "LS:Organization Admins" : `g${i}`))), ok((r) => assert.equal(r.orgRole, "ORGANIZATION_ADMIN")));
add("canMany(100k queries)", () => E.canMany(Array.from({ length: 100_000 }, () => Q)), ok((bits) => { assert.equal(bits.length, 100_000); assert.ok(bits.every((b) => b === 1)); }));
add("planInvites(100k invitees)", () => E.planInvites({ actorId: "user-alice", orgId: "org-default", invitees: Array.from({ length: 100_000 }, (_, i) => ({ email: `n${i}@example.com` })) }), ok((p) => assert.equal(p.code, "INVITE_BATCH_TOO_LARGE")));
add("~50 MB directory JSON text", () => {
  const d = SAMPLE();
  const members = d.orgs[0].members;
  const pad = "x".repeat(60);
  for (let i = 0; i < 330_000; i++) members.push({ id: `ident-${i}-${pad}`, userId: `user-${i}`, email: `user${i}@big.example.com`, orgRole: "ORGANIZATION_VIEWER" });
  const text = JSON.stringify(d);
  assert.ok(text.length > 45e6, `${text.length}`);
  const e2 = new PolicyEngine({}, text);
  try {
    return [e2.memberCount > 330_000, e2.can("user-329999", "org-default", null, "organization:read")];
  } finally {
    e2.free();
  }
}, okOr("DIRECTORY_INVALID", "INVALID_INPUT"));

// ---- deep nesting -------------------------------------------------------------

add("directory text: 10k nested arrays in `groups`", () => new PolicyEngine({}, SAMPLE_TEXT.replace('"groups": [', `"groups": ${"[".repeat(10_000)}${"]".repeat(10_000)}, "x": [`)), err("DIRECTORY_INVALID"));
function deep(levels) {
  let o = "leaf";
  for (let i = 0; i < levels; i++) o = { a: o };
  return o;
}
add("planInvites: 10k-level nested object", () => E.planInvites({ actorId: "user-alice", orgId: "org-default", invitees: [{ email: deep(10_000) }] }), err("INVALID_INPUT", /^invitees\[0\]\.email/));
// A directory object goes through JSON.stringify, so its failures are DIRECTORY_INVALID.
add("directory object: 10k-level nested", () => new PolicyEngine({}, { orgs: [], users: deep(10_000) }), err("DIRECTORY_INVALID"));
add("resolveGroups: 10k nested arrays", () => { let a = []; for (let i = 0; i < 10_000; i++) a = [a]; return E.resolveGroups("org-default", a); }, err("INVALID_INPUT", /^groups/));

// ---- lone surrogates ------------------------------------------------------------

// A lone surrogate is not Unicode text: refused, never decoded to U+FFFD
// (which would make distinct ids alias one another).
add("can(userId: lone surrogate)", () => E.can("\uD800", "org-default", null, "organization:read"), err("INVALID_INPUT", "userId"));
add("can(orgId: lone low surrogate)", () => E.can("user-bob", "org-\uDC00", null, "organization:read"), err("INVALID_INPUT", "orgId"));
add("personalOrgOnFirstLogin(lone surrogate e-mail)", () => E.personalOrgOnFirstLogin("a\uD800@example.com"), err("INVALID_INPUT", "email"));
add("planInvites: invitee e-mail with lone surrogate", () => E.planInvites({ actorId: "user-alice", orgId: "org-default", invitees: [{ email: "\uD800@example.com" }] }), err("INVALID_INPUT", "invitees[0].email"));
add("directory text with a lone surrogate", () => new PolicyEngine({}, '{"orgs":[{"id":"o\uD800","name":"O","workspaces":[{"id":"w","name":"W"}]}]}'), err("DIRECTORY_INVALID"));
add("directory text: \\ud800 escape in an e-mail", () => new PolicyEngine({}, SAMPLE_TEXT.replace('"alice@example.com"', '"\\ud800alice@example.com"')), err("DIRECTORY_INVALID"));
add("directory object: lone surrogate in a userId", () => { const d = SAMPLE(); d.orgs[0].members[0].userId = "user-\uD800"; return new PolicyEngine({}, d); }, err("DIRECTORY_INVALID"));
add("valid surrogate pair is fine", () => E.can("user-\uD83D\uDE00", "org-default", null, "organization:read"), err("UNKNOWN_USER", "userId"));

// ---- NaN / Infinity / -0 ----------------------------------------------------------

add("canMany: NaN workspace", () => E.canMany([["user-bob", "org-default", NaN, "runs:read"]]), err("INVALID_INPUT", "queries[0].workspaceId"));
add("planInvites: Infinity orgRole", () => E.planInvites({ actorId: "user-alice", orgId: "org-default", invitees: [{ email: "a@b.co", orgRole: Infinity }] }), err("INVALID_INPUT", "invitees[0].orgRole"));
add("config: authMode -0", () => new PolicyEngine({ authMode: -0 }, SAMPLE_TEXT), err("CONFIG_INVALID", "authMode"));
add("config: boolean switch NaN", () => E.withConfig({ orgCreationDisabled: NaN }), err("CONFIG_INVALID", "orgCreationDisabled"));
add("directory object: defaultOrgId -Infinity", () => new PolicyEngine({}, { orgs: [], defaultOrgId: -Infinity }), err("DIRECTORY_INVALID", "defaultOrgId"));
add("directory object: defaultOrgId 5", () => new PolicyEngine({}, { orgs: [], defaultOrgId: 5 }), err("DIRECTORY_INVALID"));

// ---- duplicates in the directory ----------------------------------------------------

add("directory: duplicate org, workspace and member ids", () => {
  const d = SAMPLE();
  d.orgs.push(SAMPLE().orgs[0]);
  d.orgs[0].workspaces.push({ id: "ws-1", name: "Again" });
  d.orgs[0].members.push({ ...d.orgs[0].members[0] });
  return new PolicyEngine({}, d);
}, (o) => {
  const e = err("DIRECTORY_INVALID")(o);
  assert.ok(Array.isArray(e.issues) && e.issues.length >= 3, JSON.stringify(e.issues));
  const paths = e.issues.map((i) => i.path);
  assert.ok(paths.includes(`orgs[${SAMPLE().orgs.length}].id`), paths.join(", "));
  assert.ok(paths.some((p) => /^orgs\[0\]\.workspaces\[\d+\]\.id$/.test(p)), paths.join(", "));
  assert.ok(paths.some((p) => /^orgs\[0\]\.members\[\d+\]\.id$/.test(p)), paths.join(", "));
});

// ---- cyclic and exotic objects ---------------------------------------------------------

const cyclic = { actorId: "user-alice", orgId: "org-default", invitees: [] };
cyclic.invitees.push(cyclic);
add("planInvites: cyclic object", () => E.planInvites(cyclic), err("INVALID_INPUT", /^invitees\[0\]/));
add("new PolicyEngine: cyclic directory", () => { const d = SAMPLE(); d.orgs[0].self = d; return new PolicyEngine({}, d); }, err("DIRECTORY_INVALID"));
add("withConfig: cyclic config", () => { const c = { authMode: "oauth" }; c.c = c; return E.withConfig(c); }, err("CONFIG_INVALID"));
add("firstLogin(Map with string keys) reads as an object", () => E.firstLogin(new Map([["email", "bob@example.com"]])), ok((r) => assert.equal(typeof r.allowed, "boolean")));
add("firstLogin(Map with a number key)", () => E.firstLogin(new Map([[1, "x"]])), err("INVALID_INPUT"));
add("firstLogin(Set)", () => E.firstLogin(new Set(["bob@example.com"])), err("INVALID_INPUT"));
add("firstLogin(Date)", () => E.firstLogin(new Date(0)), err("INVALID_INPUT"));
add("firstLogin(RegExp)", () => E.firstLogin(/x/), err("INVALID_INPUT"));
add("resolveGroups(Uint8Array)", () => E.resolveGroups("org-default", new Uint8Array([1, 2])), err("INVALID_INPUT", /^groups/));
add("canMany(Float64Array)", () => E.canMany(new Float64Array(4)), err("INVALID_INPUT", /^queries/));
add("can(userId: String object)", () => E.can(new String("user-bob"), "org-default", null, "runs:read"), err("INVALID_INPUT", "userId"));
add("planInvites: invitees a Set", () => E.planInvites({ actorId: "user-alice", orgId: "org-default", invitees: new Set() }), err("INVALID_INPUT", /^invitees/));
add("new PolicyEngine({}, Map): read like an object, as in every input", () => new PolicyEngine({}, new Map([["orgs", []]])).memberCount, ok((n) => assert.equal(n, 0)));
add("new PolicyEngine({}, ArrayBuffer)", () => new PolicyEngine({}, new ArrayBuffer(8)), err("DIRECTORY_INVALID"));

// ---- bad configurations ------------------------------------------------------------------

add("withConfig: basic without initialOrgAdminEmail", () => E.withConfig({ authMode: "basic" }), err("CONFIG_INVALID"));
add("withConfig: unknown authMode", () => E.withConfig({ authMode: "ldap" }), err("CONFIG_INVALID", "authMode"));
add("withConfig: unknown switch", () => E.withConfig({ orgCreationEnabled: true }), err("CONFIG_INVALID", "orgCreationEnabled"));
add("withConfig: switch as string", () => E.withConfig({ patCreationDisabled: "true" }), err("CONFIG_INVALID", "patCreationDisabled"));
add("withConfig: blank initialOrgName", () => E.withConfig({ initialOrgName: "   " }), err("CONFIG_INVALID"));
add("withConfig: valid basic", () => E.withConfig({ authMode: "basic", initialOrgAdminEmail: "root@example.com" }), ok((e2) => { assert.equal(e2.config.authMode, "basic"); assert.equal(e2.can(...Q), true); e2.free(); }));
// An empty configuration object is read without the walk: the same defaults
// as an object whose only key is undefined (which the walk reads), and a Set
// still refused.
const DEFAULTS = () => new PolicyEngine({ authMode: undefined }, SAMPLE_TEXT).config;
const defaults = (e2) => { assert.deepEqual(e2.config, DEFAULTS()); assert.equal(e2.can(...Q), true); e2.free(); };
add("withConfig: {}", () => E.withConfig({}), ok(defaults));
add("withConfig: Object.create(null)", () => E.withConfig(Object.create(null)), ok(defaults));
add("withConfig: inherited keys only", () => E.withConfig(Object.create({ authMode: "basic" })), ok(defaults));
add("withConfig: empty Map", () => E.withConfig(new Map()), ok(defaults));
add("withConfig: Map with a bad setting", () => E.withConfig(new Map([["authMode", "ldap"]])), err("CONFIG_INVALID", "authMode"));
add("withConfig: empty Set", () => E.withConfig(new Set()), err("CONFIG_INVALID"));
add("new PolicyEngine(empty Set, text)", () => new PolicyEngine(new Set(), SAMPLE_TEXT), err("CONFIG_INVALID"));
add("whatIf: bad config", () => E.whatIf({ authMode: "basic" }), err("CONFIG_INVALID"));
add("whatIf: array", () => E.whatIf([]), err("INVALID_INPUT", "config"));

// ---- the table -------------------------------------------------------------------------

test(`bad-input matrix (${cases.length} cases)`, { timeout: 120_000 }, async (t) => {
  assert.ok(cases.length >= 50);
  assert.equal(sane(), true);
  for (const c of cases) {
    await t.test(c.name, () => {
      c.expect(run(c.fn));
      assert.equal(sane(), true, "the engine no longer answers after this case");
      assert.equal(({}).polluted, undefined, "Object.prototype polluted");
      assert.equal(Object.prototype.polluted, undefined);
      assert.equal(typeof ({}).constructor, "function");
      assert.equal(Object.getPrototypeOf({}), Object.prototype);
    });
  }
  t.diagnostic(`${cases.length} bad-input cases`);
});

test("use after free() throws an Error, and other engines keep working", () => {
  const a = new PolicyEngine({}, SAMPLE_TEXT);
  const b = a.withConfig({ authMode: "oauth" });
  assert.equal(a.can(...Q), true);
  a.free();
  for (const call of [() => a.can(...Q), () => a.check(...Q), () => a.config, () => a.memberCount, () => a.withConfig({}), () => a.call("can", { userId: "user-bob", orgId: "org-default", permission: "runs:read" })]) {
    const r = run(call);
    assert.equal(r.ok, false, "a freed engine answered");
    assert.ok(r.error instanceof Error, String(r.error));
  }
  run(() => a.free()); // a second free() must not corrupt anything, whatever it does
  assert.equal(b.can(...Q), true, "an engine derived from the freed one stopped working");
  assert.equal(E.can(...Q), true);
  assert.equal(sane(), true);
  b.free();
  const c = new PolicyEngine({}, SAMPLE_TEXT);
  assert.equal(c.can(...Q), true);
  c.free();
});

test("a fresh module instance in a child process survives the same abuse", () => {
  // Guard against a panic (RuntimeError: unreachable) that would kill the
  // module instance: the worst inputs again, in a separate process.
  const script = `
    const { PolicyEngine } = require(${JSON.stringify(path.join(support.PKG, "node", "orgpolicy.js"))});
    const fs = require("fs");
    const text = fs.readFileSync(${JSON.stringify(path.join(support.ROOT, "examples", "sample-directory.json"))}, "utf8");
    const e = new PolicyEngine({}, text);
    const outcomes = [];
    const tryIt = (f) => { try { f(); outcomes.push("ok"); } catch (x) { outcomes.push(x instanceof WebAssembly.RuntimeError ? "PANIC " + x.message : x.code || x.message); } };
    tryIt(() => new PolicyEngine({}, text.replace('"groups": [', '"groups": ' + "[".repeat(100000) + "]".repeat(100000) + ', "x": [')));
    tryIt(() => { let o = {}; for (let i = 0; i < 100000; i++) o = { a: o }; e.firstLogin(o); });
    tryIt(() => e.can("\\uD800", "org-default", null, "runs:read"));
    tryIt(() => e.canMany([[..."abc"]]));
    console.log(JSON.stringify({ outcomes, after: e.can("user-bob", "org-default", "ws-production", "runs:delete") }));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
  assert.ok(!out.outcomes.some((o) => String(o).startsWith("PANIC")), JSON.stringify(out.outcomes));
  assert.equal(out.after, true);
});

// ---- regressions of issues this suite found -----------------------------------------

test("lone surrogates do not alias U+FFFD ids", () => {
  const d = SAMPLE();
  d.orgs[0].members[0].userId = "user-\uFFFD"; // an Org Admin
  const e2 = new PolicyEngine({}, d);
  try {
    assert.equal(e2.can("user-\uFFFD", "org-default", null, "organization:manage"), true);
    for (const id of ["user-\uD800", "user-\uDC00"]) {
      const r = run(() => e2.can(id, "org-default", null, "organization:manage"));
      assert.ok(!r.ok && r.error.code === "INVALID_INPUT", `${JSON.stringify(id)} answered ${r.ok ? r.value : r.error.code}`);
    }
  } finally {
    e2.free();
  }
});

test("non-finite numbers in a directory object are refused", () => {
  const r = run(() => new PolicyEngine({}, { orgs: [], defaultOrgId: -Infinity }));
  assert.equal(r.ok, false, "built");
  assert.equal(r.error.code, "DIRECTORY_INVALID");
});
