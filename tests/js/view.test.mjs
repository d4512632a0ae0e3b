// directoryFor(userId): the per-user directory a server hands a browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import support from "./support.cjs";

const SAMPLE = fs.readFileSync(path.join(support.ROOT, "examples", "sample-directory.json"), "utf8");

support.ensurePackage();
const { PolicyEngine } = await import("orgpolicy");
const full = new PolicyEngine({}, SAMPLE);
const doc = JSON.parse(SAMPLE);
const PERMISSIONS = ["runs:create", "runs:read", "projects:delete", "workspaces:manage-members", "organization:read", "organization:manage"];

test("a user's view answers that user's checks as the full directory, in the user's orgs", () => {
  for (const user of ["user-alice", "user-bob", "user-erin", "user-victor", "user-dave"]) {
    const view = full.directoryFor(user);
    const engine = new PolicyEngine({}, view);
    for (const org of view.orgs.filter((o) => o.members.length > 0)) {
      for (const ws of [null, ...org.workspaces.map((w) => w.id)]) {
        for (const p of PERMISSIONS.filter((p) => (ws === null) === p.startsWith("organization:"))) {
          assert.deepEqual(engine.check(user, org.id, ws, p), full.check(user, org.id, ws, p), `${user} ${org.id} ${ws} ${p}`);
        }
        assert.deepEqual(engine.permissions(user, org.id, ws), full.permissions(user, org.id, ws));
        assert.deepEqual(engine.canInvite(user, org.id, ws), full.canInvite(user, org.id, ws));
      }
      assert.deepEqual(engine.canCreatePat(user, org.id), full.canCreatePat(user, org.id));
      assert.deepEqual(engine.canSetDefaultOrg(user, org.id), full.canSetDefaultOrg(user, org.id));
    }
    assert.deepEqual(engine.canCreateOrg(user), full.canCreateOrg(user));
    engine.free();
  }
});

test("no credential ids, no group names, nothing of an organization the user is not in (the default is a stand-in)", () => {
  const view = full.directoryFor("user-carol");
  const text = JSON.stringify(view);
  for (const org of doc.orgs) {
    for (const k of org.serviceKeys ?? []) assert.ok(!text.includes(`"${k.id}"`), k.id);
    for (const t of org.personalAccessTokens ?? []) assert.ok(!text.includes(`"${t.id}"`), t.id);
  }
  assert.deepEqual(view.orgs.map((o) => [o.id, o.name, o.members.length]), [
    ["org-carol-personal", "Carol's organization", 1],
    ["default-org", "Default organization", 0],
  ]);
  assert.equal(view.defaultOrgId, "default-org");
  const defaultOrg = doc.orgs.find((o) => o.id === doc.defaultOrgId);
  for (const s of ["org-acme", "alice@example.com", doc.defaultOrgId, `"${defaultOrg.name}"`, ...defaultOrg.workspaces.map((w) => `"${w.id}"`)]) {
    assert.ok(!text.includes(s), `${s} in ${text}`);
  }
});

test("an unknown user or a non-string id is an error naming userId", () => {
  support.expectError(assert, () => full.directoryFor("user-nobody"), "UNKNOWN_USER", "userId");
  support.expectError(assert, () => full.directoryFor(7), "INVALID_INPUT", "userId");
});

test("authorizeRequest on a view: the user's session as on the full directory, keys and tokens unknown (documented)", () => {
  const view = new PolicyEngine({}, full.directoryFor("user-bob"));
  const ask = (e, credential) => e.authorizeRequest({ credential, operation: { permission: "runs:read", scope: "workspace" }, organizationId: "org-default", tenantId: "ws-production" });
  const session = { type: "session", userId: "user-bob" };
  assert.deepEqual(ask(view, session), ask(full, session));
  for (const key of ["pat-bob", "key-production"]) {
    assert.equal(ask(full, { type: "apiKey", key }).allowed, true, key);
    const r = ask(view, { type: "apiKey", key });
    assert.deepEqual([r.allowed, r.code, r.status], [false, "INVALID_CREDENTIAL", 401], key);
  }
  view.free();
});
