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
