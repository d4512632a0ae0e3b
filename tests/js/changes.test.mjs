// applyChanges: a batch of directory changes applied in place, all or none,
// and directory() returning the changed document.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import support from "./support.cjs";

support.ensurePackage();
const { PolicyEngine } = await import("orgpolicy");
const text = fs.readFileSync(path.join(support.ROOT, "examples", "sample-directory.json"), "utf8");
const config = { authMode: "oauth" };

test("a member added, activated and given a workspace role answers at once, like a rebuild", () => {
  const e = new PolicyEngine(config, text);
  assert.throws(() => e.can("user-zoe", "org-default", "ws-production", "runs:read"), { code: "UNKNOWN_USER" });
  e.applyChanges([
    { op: "addMember", orgId: "org-default",
      member: { id: "ident-zoe", email: "zoe@example.com", orgRole: "ORGANIZATION_USER", status: "pending" } },
    { op: "activateMember", orgId: "org-default", memberId: "ident-zoe", userId: "user-zoe" },
    { op: "addWorkspaceMember", orgId: "org-default", memberId: "ident-zoe", workspaceId: "ws-production",
      role: "WORKSPACE_VIEWER" },
  ]);
  assert.equal(e.can("user-zoe", "org-default", "ws-production", "runs:read"), true);
  assert.equal(e.can("user-zoe", "org-default", "ws-production", "runs:delete"), false);
  const fresh = new PolicyEngine(config, e.directory());
  assert.equal(fresh.can("user-zoe", "org-default", "ws-production", "runs:read"), true);
  assert.deepEqual(fresh.directory(), e.directory());

  e.applyChanges(JSON.stringify([{ op: "removeMember", orgId: "org-default", memberId: "ident-zoe" }]));
  assert.throws(() => e.can("user-zoe", "org-default", "ws-production", "runs:read"), { code: "UNKNOWN_USER" });
  e.free();
  fresh.free();
});

test("a batch with one bad change changes nothing and lists every problem with its path", () => {
  const e = new PolicyEngine(config, text);
  const before = e.directory();
  const bobCanDelete = e.can("user-bob", "org-default", "ws-production", "runs:delete");
  let err;
  try {
    e.applyChanges([
      { op: "setWorkspaceRole", orgId: "org-default", memberId: "ident-bob", workspaceId: "ws-production",
        role: "WORKSPACE_VIEWER" },
      { op: "setOrgRole", orgId: "org-default", memberId: "ident-bob", orgRole: "ORG_ADMIN" },
      { op: "removeMember", orgId: "org-default", memberId: "ident-nobody" },
    ]);
  } catch (x) {
    err = x;
  }
  assert.ok(err instanceof Error);
  assert.equal(err.code, "DIRECTORY_INVALID");
  assert.deepEqual(err.issues.map((i) => i.path), ["changes[1].orgRole", "changes[2].memberId"]);
  assert.match(err.issues[0].message, /unknown role `ORG_ADMIN`; expected one of/);
  assert.deepEqual(e.directory(), before);
  assert.equal(e.can("user-bob", "org-default", "ws-production", "runs:delete"), bobCanDelete);
  e.free();
});

test("malformed changes are errors naming the field", () => {
  const e = new PolicyEngine(config, text);
  assert.throws(() => e.applyChanges([{ op: "renameOrg", orgId: "org-default" }]),
    (x) => x.code === "DIRECTORY_INVALID" && x.issues[0].path === "changes[0].op");
  assert.throws(() => e.applyChanges([{ op: "removeKey", keyId: "k", extra: 1 }]),
    (x) => x.code === "DIRECTORY_INVALID" && /extra/.test(x.message));
  assert.throws(() => e.applyChanges({ op: "removeKey" }), { code: "INVALID_INPUT" });
  assert.equal(e.can("user-bob", "org-default", "ws-production", "runs:read"), true);
  e.free();
});
