// `can` and `check` on string ids: each engine remembers the handles of the
// ids it was asked about (bounded), and asks the wasm side on handles. These
// tests hold it to the string answers and errors, to applyChanges (which
// renumbers handles) and free, and to its bound.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import support from "./support.cjs";
import { directoryJson, queries } from "../../bench/synth.mjs";

support.ensurePackage();
const { PolicyEngine } = await import("orgpolicy");
const text = fs.readFileSync(path.join(support.ROOT, "examples", "sample-directory.json"), "utf8");
const config = { authMode: "oauth" };
const PERMS = ["organization:read", "organization:manage", "organization:pats:create", "runs:read", "runs:delete",
  "datasets:share", "workspaces:manage-members", "prompts:share", "projects:create"];

/** The engine's remembered ids (a Symbol-keyed field of the JS object). */
function remembered(engine) {
  const key = Object.getOwnPropertySymbols(engine).find((s) => s.description === "orgpolicy.ids");
  return key === undefined ? undefined : engine[key];
}

/** Every user of the document × org × (no workspace, each workspace) × PERMS. */
function everyQuery(doc) {
  const users = [...new Set(doc.orgs.flatMap((o) => o.members.map((m) => m.userId).filter(Boolean)))];
  const qs = [];
  for (const o of doc.orgs) {
    for (const u of users) for (const w of [null, ...o.workspaces.map((x) => x.id)]) for (const p of PERMS) qs.push([u, o.id, w, p]);
  }
  return qs;
}

/** The answer of `fn` as a value or as the error's name, code, path and message. */
function outcome(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: [e.name, e.code, e.path, e.message] };
  }
}

/** Asserts `e` answers every query (can and check, values and errors) like
 *  `reference`; with `loose`, errors only by name, code and path. */
function sameAnswers(e, reference, qs, loose = false) {
  const cut = (o) => (loose && o.error ? { error: o.error.slice(0, 3) } : o);
  let errors = 0;
  for (const q of qs) {
    const can = outcome(() => e.can(...q));
    assert.deepEqual(cut(can), cut(outcome(() => reference.can(...q))), `can ${JSON.stringify(q)}`);
    assert.deepEqual(cut(outcome(() => e.check(...q))), cut(outcome(() => reference.check(...q))), `check ${JSON.stringify(q)}`);
    if (can.error) errors++;
  }
  return errors;
}

test("can and check answer and throw like the JSON facade, asked twice (remembered ids the second time)", () => {
  const e = new PolicyEngine(config, text);
  // The typed facade `call` reads strings in wasm and never uses remembered ids.
  const facade = {
    can: (u, o, w, p) => e.call("check", { userId: u, orgId: o, workspaceId: w, permission: p }).allowed,
    check: (u, o, w, p) => e.call("check", { userId: u, orgId: o, workspaceId: w, permission: p }),
  };
  const qs = everyQuery(JSON.parse(text));
  // Bad ids and arguments, before and after their neighbours were remembered.
  // (Wrong JS types: the facade reads a JSON field, the methods an argument,
  // so the messages differ; the name, code and path are the same.)
  const bad = [
    ["user-nobody", "org-default", "ws-production", "runs:read"],
    ["user-bob", "org-nowhere", "ws-production", "runs:read"],
    ["user-bob", "org-default", "ws-acme-main", "runs:read"],
    ["user-bob", "org-default", null, "runs:read"],
    ["user-bob", "org-default", "ws-production", "runs:raed"],
    ["user-bob", "org-default", "", "runs:read"],
    [42, "org-default", "ws-production", "runs:read"],
    ["user-\ud800", "org-default", "ws-production", "runs:read"],
  ];
  for (let round = 0; round < 2; round++) {
    assert.equal(sameAnswers(e, facade, bad, true), bad.length, "every bad query throws");
    assert.equal(sameAnswers(e, facade, bad.slice(0, 6)), 6);
    for (const f of [e.can, e.check]) {
      assert.throws(() => f.call(e, "user-bob", "org-default", "ws-production"), { code: "INVALID_INPUT", path: "permission" });
    }
    const errors = sameAnswers(e, facade, qs);
    assert.ok(errors > 0 && errors < qs.length, `${errors} of ${qs.length} throw`);
  }
  const ids = remembered(e);
  assert.ok(ids.users.size > 5 && ids.permissions.size === PERMS.length, "ids were remembered");
  assert.ok(![...ids.users.keys()].some((k) => typeof k !== "string" || k === "user-nobody"), "only known string ids");
  e.free();
});

test("check returns a fresh object each time", () => {
  const e = new PolicyEngine(config, text);
  const a = e.check("user-bob", "org-default", "ws-production", "runs:delete");
  a.message = "changed";
  const b = e.check("user-bob", "org-default", "ws-production", "runs:delete");
  assert.notEqual(a, b);
  assert.deepEqual(Object.keys(b), ["allowed", "code", "message"]);
  assert.notEqual(b.message, "changed");
  e.free();
});

test("applyChanges renumbers handles: answers then are a rebuild's, not the remembered handles'", () => {
  const e = new PolicyEngine(config, text);
  const doc = JSON.parse(text);
  const qs = everyQuery(doc);
  for (const q of qs) outcome(() => e.can(...q)), outcome(() => e.check(...q));
  const firstUser = doc.orgs[0].members.find((m) => m.userId);
  const lastUser = [...doc.orgs.flatMap((o) => o.members)].reverse().find((m) => m.userId && m.id !== firstUser.id).userId;
  const handleBefore = e.userHandle(lastUser);
  // The first workspace that may be removed (no SSO default, key or token uses it).
  const removable = doc.orgs.flatMap((o) => o.workspaces.map((w) => [o.id, w.id])).find(([o, w]) => {
    const probe = new PolicyEngine(config, text);
    try {
      probe.applyChanges([{ op: "removeWorkspace", orgId: o, workspaceId: w }]);
      return true;
    } catch {
      return false;
    } finally {
      probe.free();
    }
  });
  const lastWorkspace = doc.orgs.flatMap((o) => o.workspaces).at(-1).id;
  assert.ok(removable && removable[1] !== lastWorkspace, "the sample has a removable workspace before the last");
  const workspaceBefore = e.workspaceHandle(lastWorkspace);
  e.applyChanges([
    { op: "removeMember", orgId: doc.orgs[0].id, memberId: firstUser.id },
    { op: "removeWorkspace", orgId: removable[0], workspaceId: removable[1] },
  ]);
  // The changes did renumber what was remembered.
  assert.notEqual(e.userHandle(lastUser), handleBefore, "a user handle moved");
  assert.notEqual(e.workspaceHandle(lastWorkspace), workspaceBefore, "a workspace handle moved");
  const fresh = new PolicyEngine(config, e.directory());
  const errors = sameAnswers(e, fresh, qs);
  assert.ok(errors > 0, "the removed user and workspace now throw");
  assert.throws(() => e.can(firstUser.userId, doc.orgs[0].id, null, "organization:read"), { code: "UNKNOWN_USER" });
  fresh.free();
  e.free();
});

test("a refused batch leaves answers as they were", () => {
  const e = new PolicyEngine(config, text);
  const qs = everyQuery(JSON.parse(text));
  const reference = new PolicyEngine(config, text);
  for (const q of qs) outcome(() => e.can(...q));
  assert.throws(() => e.applyChanges([{ op: "removeMember", orgId: "org-default", memberId: "ident-nobody" }]), { code: "DIRECTORY_INVALID" });
  sameAnswers(e, reference, qs);
  reference.free();
  e.free();
});

test("free drops the remembered ids, and a freed engine throws as before", () => {
  const e = new PolicyEngine(config, text);
  assert.equal(e.can("user-bob", "org-default", "ws-production", "runs:delete"), true);
  assert.ok(remembered(e).users.size > 0);
  e.free();
  assert.equal(remembered(e), undefined);
  assert.throws(() => e.can("user-bob", "org-default", "ws-production", "runs:delete"), /null pointer/);
  assert.throws(() => e.check("user-bob", "org-default", "ws-production", "runs:delete"), /null pointer/);
  const d = new PolicyEngine(config, text);
  d.can("user-bob", "org-default", "ws-production", "runs:delete");
  d[Symbol.dispose]();
  assert.equal(remembered(d), undefined);
  assert.throws(() => d.can("user-bob", "org-default", "ws-production", "runs:delete"), /null pointer/);
});

test("many distinct ids: the remembered ids stay bounded and the answers right", () => {
  const members = 20_000;
  const e = new PolicyEngine({}, directoryJson(members));
  const doc = JSON.parse(directoryJson(members));
  const org = doc.orgs[0];
  const ws = org.workspaces[0].id;
  const users = org.members.map((m) => m.userId).filter(Boolean);
  const handles = users.map((u) => e.userHandle(u));
  const wh = e.workspaceHandle(ws), oh = e.orgHandle(org.id), ph = e.permissionHandle("runs:read");
  let allowed = 0;
  for (let round = 0; round < 2; round++) {
    users.forEach((u, i) => {
      const got = e.can(u, org.id, ws, "runs:read");
      assert.equal(got, e.canHandles(handles[i], oh, wh, ph), u);
      allowed += got ? 1 : 0;
    });
  }
  assert.ok(allowed > 0 && allowed < 2 * users.length);
  // Unknown ids are never remembered.
  for (let i = 0; i < 20_000; i++) assert.throws(() => e.can(`user-unknown-${i}`, org.id, ws, "runs:read"), { code: "UNKNOWN_USER" });
  const ids = remembered(e);
  assert.ok(users.length > 10_000);
  assert.ok(ids.users.size <= 8192, `${ids.users.size} users remembered`);
  assert.ok(ids.users.size >= 1000, "recent users are remembered");
  // check keeps its decisions bounded too, and answers like the facade.
  for (const q of queries(members, 4096)) {
    assert.deepEqual(e.check(...q), e.call("check", { userId: q[0], orgId: q[1], workspaceId: q[2], permission: q[3] }));
  }
  assert.ok(ids.decisions.size <= 8192);
  e.free();
});

test("canMany on string tuples answers like can, query by query, and throws naming the bad query", () => {
  const e = new PolicyEngine(config, text);
  const qs = everyQuery(JSON.parse(text)).filter((q) => outcome(() => e.can(...q)).value !== undefined);
  assert.ok(qs.length > 500);
  for (let round = 0; round < 2; round++) {
    const bits = e.canMany(qs);
    assert.ok(bits instanceof Uint8Array);
    assert.deepEqual([...bits], qs.map((q) => (e.can(...q) ? 1 : 0)));
    assert.ok(bits.includes(0) && bits.includes(1));
    // The batch went through the remembered handles.
    assert.ok(remembered(e).users.size > 5, "the batch's ids were remembered");
  }
  assert.deepEqual([...e.canMany([])], []);
  // A bad query anywhere in the batch: the error of `can` for it, under its index.
  const bad = [
    ["user-nobody", "org-default", "ws-production", "runs:read"],
    ["user-bob", "org-default", "ws-acme-main", "runs:read"],
    ["user-bob", "org-default", null, "runs:read"],
    ["user-bob", "org-default", "ws-production", "runs:raed"],
    [42, "org-default", "ws-production", "runs:read"],
  ];
  for (const q of bad) {
    const single = outcome(() => e.can(...q)).error;
    assert.ok(single, `${JSON.stringify(q)} throws alone`);
    const batch = outcome(() => e.canMany([qs[0], qs[1], q, qs[2]])).error;
    assert.ok(batch, `${JSON.stringify(q)} throws in a batch`);
    assert.deepEqual(batch.slice(0, 2), single.slice(0, 2), JSON.stringify(q));
    assert.ok(batch[2].startsWith("queries[2]"), `${batch[2]} names the query`);
  }
  assert.throws(() => e.canMany([qs[0], [qs[0][0], qs[0][1], qs[0][2]]]), { code: "INVALID_INPUT", path: "queries[1]" });
  // After applyChanges, the batch answers on the changed directory.
  const [u, o, w] = ["user-bob", "org-default", "ws-production"];
  assert.deepEqual([...e.canMany([[u, o, w, "runs:delete"]])], [1]);
  e.applyChanges([{ op: "removeMember", orgId: o, memberId: "ident-bob" }]);
  assert.deepEqual([...e.canMany([[u, o, w, "runs:delete"], [u, "org-acme", null, "organization:read"]])], [0, 1]);
  e.free();
});
