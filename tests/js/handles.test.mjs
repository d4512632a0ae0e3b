// The handle API: ids resolved once, `canHandles` answering exactly as `can`.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import support from "./support.cjs";

support.ensurePackage();
const { PolicyEngine } = await import("orgpolicy");
const text = fs.readFileSync(path.join(support.ROOT, "examples", "sample-directory.json"), "utf8");
const e = new PolicyEngine({ authMode: "oauth" }, text);
const sample = JSON.parse(text);

test("canHandles answers like can for every member, workspace and permission of the sample", () => {
  const perms = ["organization:read", "organization:manage", "organization:pats:create", "runs:read", "runs:delete",
    "datasets:share", "workspaces:manage-members", "feedback:create", "prompts:share", "projects:create"];
  let compared = 0;
  for (const org of sample.orgs) {
    const o = e.orgHandle(org.id);
    for (const m of org.members.filter((m) => m.userId)) {
      const u = e.userHandle(m.userId);
      for (const p of perms) {
        const ph = e.permissionHandle(p);
        if (p.startsWith("organization:")) {
          assert.equal(e.canHandles(u, o, null, ph), e.can(m.userId, org.id, null, p), `${m.userId} ${p}`);
          compared++;
        }
        for (const w of org.workspaces) {
          assert.equal(e.canHandles(u, o, e.workspaceHandle(w.id), ph), e.can(m.userId, org.id, w.id, p), `${m.userId} ${w.id} ${p}`);
          compared++;
        }
      }
    }
  }
  assert.ok(compared > 200, String(compared));
});

test("handles survive withConfig; bad handles and unknown ids throw coded errors", () => {
  const bob = e.userHandle("user-bob");
  const org = e.orgHandle("org-default");
  const prod = e.workspaceHandle("ws-production");
  const del = e.permissionHandle("runs:delete");
  assert.equal(e.withConfig({}).canHandles(bob, org, prod, del), true);
  support.expectError(assert, () => e.userHandle("nobody"), "UNKNOWN_USER", "userId");
  support.expectError(assert, () => e.permissionHandle("runs:raed"), "UNKNOWN_PERMISSION", "permission");
  support.expectError(assert, () => e.canHandles(bob, org, null, del), "INVALID_INPUT", "workspace");
  support.expectError(assert, () => e.canHandles(bob, org, e.workspaceHandle("ws-acme-main"), del), "INVALID_INPUT", "workspace");
  support.expectError(assert, () => e.canHandles(99999, org, prod, del), "INVALID_INPUT", "user");
  support.expectError(assert, () => e.canHandles(-1, org, prod, del), "INVALID_INPUT", "user");
  support.expectError(assert, () => e.canHandles(1.5, org, prod, del), "INVALID_INPUT", "user");
  support.expectError(assert, () => e.canHandles(undefined, org, prod, del), "INVALID_INPUT", "user");
  assert.equal(e.canHandles(bob, org, prod, del), true, "still answers after errors");
});

test("canManyHandles answers like can from one packed Uint32Array", () => {
  const NONE = 0xffffffff;
  const queries = [];
  for (const org of sample.orgs) {
    for (const m of org.members.filter((m) => m.userId)) {
      for (const p of ["organization:manage", "runs:read", "runs:delete"]) {
        const ws = p.startsWith("organization:") ? [null] : org.workspaces.map((w) => w.id);
        for (const w of ws) queries.push([m.userId, org.id, w, p]);
      }
    }
  }
  const packed = new Uint32Array(queries.length * 4);
  queries.forEach(([u, o, w, p], i) => {
    packed.set([e.userHandle(u), e.orgHandle(o), w === null ? NONE : e.workspaceHandle(w), e.permissionHandle(p)], i * 4);
  });
  const got = e.canManyHandles(packed);
  assert.ok(got instanceof Uint8Array);
  assert.deepEqual([...got], queries.map(([u, o, w, p]) => (e.can(u, o, w, p) ? 1 : 0)));
  assert.ok(got.includes(1) && got.includes(0));
  packed[4 * 3 + 2] = 9999; // query 3: a workspace handle this directory did not issue
  assert.throws(() => e.canManyHandles(packed), (x) => x.code === "INVALID_INPUT" && x.path === "queries[3].workspace");
  assert.throws(() => e.canManyHandles(new Uint32Array(3)), (x) => x.code === "INVALID_INPUT" && x.path === "queries");
});
