// The public API through the package's ESM entry (`import ... from "orgpolicy"`):
// every method, every free function, and the failure paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import support from "./support.cjs";

support.ensurePackage();
const { PolicyEngine, reasonCodes, isOrgPolicyError } = await import("orgpolicy");
const { parseEnv, parseHelmValues, loadConfig } = await import("orgpolicy/config");
const { expectError, directoryText } = support;

const DIR_TEXT = directoryText();
const DIR = JSON.parse(DIR_TEXT);
const engine = () => new PolicyEngine({ authMode: "oauth" }, DIR);

test("constructs from an object and from JSON text", () => {
  const a = engine();
  const b = new PolicyEngine({ authMode: "oauth" }, DIR_TEXT);
  assert.equal(a.memberCount, 7);
  assert.equal(b.memberCount, 7);
  assert.deepEqual(a.config, b.config);
  assert.deepEqual(a.config, {
    authMode: "oauth",
    workspaceScopeOrgInvitesEnabled: false,
    orgCreationDisabled: true,
    personalOrgsDisabled: true,
    patCreationDisabled: false,
    jitProvisioningEnabled: true,
    initialOrgAdminEmail: null,
    initialOrgName: "Default",
    defaultWorkspaceName: "Workspace 1",
  });
  assert.equal(Object.getPrototypeOf(a.config), Object.prototype, "plain object, not a Map");
  const empty = new PolicyEngine({}, { orgs: [] });
  assert.equal(empty.memberCount, 0);
  assert.equal(empty.config.authMode, "none");
  a.free();
  b.free();
});

test("JSON text with non-ASCII characters reads like the same object", () => {
  // Multi-byte characters first, so the text is longer in UTF-8 than in
  // UTF-16 and is copied into wasm memory in more than one round.
  const dir = {
    orgs: [{
      id: "org-ü",
      name: "Ünïcødé 組織 🚀".repeat(20),
      workspaces: [{ id: "ws-ü", name: "Wörkspace 🚀" }],
      members: [
        { id: "m-zoe", userId: "user-zoë", email: "zoë@exämple.com", orgRole: "ORGANIZATION_ADMIN" },
        { id: "m-ω", userId: "user-ω", email: "ωμέγα@example.gr", orgRole: "ORGANIZATION_USER", workspaces: { "ws-ü": "WORKSPACE_ADMIN" } },
      ],
    }],
  };
  const fromObject = new PolicyEngine({}, dir);
  const fromText = new PolicyEngine({}, JSON.stringify(dir));
  const plan = (e) => e.planInvites({ actorId: "user-zoë", orgId: "org-ü", workspaceId: "ws-ü", invitees: [{ email: "ZOË@EXÄMPLE.COM" }, { email: "ΩΜΈΓΑ@EXAMPLE.GR" }] });
  assert.deepEqual(plan(fromText), plan(fromObject));
  assert.deepEqual(plan(fromText).invitees.map((i) => [i.email, i.outcome]), [
    ["zoë@exämple.com", "added_to_workspace"],
    ["ωμέγα@example.gr", "already_member"],
  ]);
  assert.equal(fromText.can("user-ω", "org-ü", "ws-ü", "runs:delete"), true);
  fromObject.free();
  fromText.free();
});

test("can, check and canMany", () => {
  const e = engine();
  assert.equal(e.can("u-user", "org-main", "ws-dev", "runs:create"), true);
  assert.equal(e.can("u-viewer", "org-main", "ws-dev", "runs:create"), false);
  assert.equal(e.can("u-admin", "org-main", null, "organization:manage"), true);
  assert.equal(e.can("u-admin", "org-main", undefined, "organization:manage"), true);
  assert.equal(e.can("u-user", "org-main", "ws-dev", "datasets:tag_on_create"), true, "underscore spelling");
  assert.deepEqual(e.check("u-viewer", "org-main", "ws-dev", "runs:create").code, "PERMISSION_DENIED");
  const d = e.check("u-user", "org-main", "ws-dev", "runs:create");
  assert.deepEqual(Object.keys(d).sort(), ["allowed", "code", "message"]);
  assert.equal(d.allowed, true);
  assert.equal(d.code, "ALLOWED");
  assert.equal(e.check("u-pending", "org-main", "ws-prod", "runs:read").allowed, false);

  const bits = e.canMany([
    ["u-user", "org-main", "ws-dev", "runs:create"],
    ["u-viewer", "org-main", "ws-dev", "runs:create"],
    ["u-admin", "org-main", null, "organization:manage"],
  ]);
  assert.ok(bits instanceof Uint8Array);
  assert.deepEqual([...bits], [1, 0, 1]);
  assert.deepEqual([...e.canMany([])], []);
  const err = expectError(
    assert,
    () => e.canMany([["u-user", "org-main", "ws-dev", "runs:read"], ["u-user", "org-main", "ws-dev", "runs:read"], ["u-user", "org-main", "ws-dev", "runz:read"]]),
    "UNKNOWN_PERMISSION",
    "queries[2].permission",
  );
  assert.match(err.message, /^queries\[2\]\.permission: /);
  expectError(assert, () => e.canMany([["u-user", "org-main", "ws-dev"]]), "INVALID_INPUT", "queries[0]");
  expectError(assert, () => e.canMany([["u-user", 1, "ws-dev", "runs:read"]]), "INVALID_INPUT", "queries[0].orgId");
  expectError(assert, () => e.canMany([null]), "INVALID_INPUT", "queries[0]");
  expectError(assert, () => e.canMany("x"), "INVALID_INPUT", "queries");
  expectError(assert, () => e.canMany(), "INVALID_INPUT", "queries");
});

test("permissions", () => {
  const e = engine();
  const p = e.permissions("u-user", "org-main", "ws-dev");
  assert.equal(p.orgRole, "ORGANIZATION_USER");
  assert.equal(p.workspaceRole, "WORKSPACE_EDITOR");
  assert.ok(p.orgPermissions.includes("organization:read"));
  assert.ok(p.workspacePermissions.includes("runs:create"));
  assert.equal(p.reason, null);
  const org = e.permissions("u-user", "org-main");
  assert.equal(org.workspaceRole, null);
  assert.equal(e.permissions("u-viewer", "org-main", null).orgRole, "ORGANIZATION_VIEWER");
});

test("planInvites and canInvite", () => {
  const e = engine();
  const plan = e.planInvites({
    actorId: "u-admin",
    orgId: "org-main",
    workspaceId: "ws-dev",
    invitees: [{ email: " New@Example.com " }, { email: "user@example.com" }, { email: "viewer@example.com" }],
  });
  assert.equal(plan.allowed, true);
  assert.equal(plan.path, "org");
  assert.deepEqual(
    plan.invitees.map((i) => [i.email, i.outcome, i.code]),
    [
      ["new@example.com", "pending_org_and_workspace", "ALLOWED"],
      ["user@example.com", "already_member", "ALREADY_MEMBER"],
      ["viewer@example.com", "already_member", "ALREADY_MEMBER"],
    ],
  );
  const orgLevel = e.planInvites({ actorId: "u-admin", orgId: "org-main", invitees: [{ email: "pending@example.com" }, { email: "fresh@example.com", orgRole: "ORGANIZATION_VIEWER" }] });
  assert.deepEqual(orgLevel.invitees.map((i) => [i.outcome, i.code, i.orgRole]), [
    ["already_pending", "ALREADY_PENDING", null],
    ["pending_org", "ALLOWED", "ORGANIZATION_VIEWER"],
  ]);
  const refused = e.planInvites({ actorId: "u-viewer", orgId: "org-main", invitees: [{ email: "x@example.com" }] });
  assert.equal(refused.allowed, false);
  assert.equal(refused.invitees[0].outcome, "denied");
  assert.equal(e.canInvite("u-admin", "org-main").allowed, true);
  assert.equal(e.canInvite("u-admin", "org-main", "ws-dev").allowed, true);
  assert.equal(e.canInvite("u-viewer", "org-main", null).allowed, false);
  assert.equal(e.canInvite("u-user", "org-personal").code, "PERSONAL_ORG_NO_INVITES");
});

test("orgs, PATs and personal orgs", () => {
  const e = engine();
  assert.equal(e.canCreateOrg("u-admin").code, "ORG_CREATION_DISABLED");
  assert.equal(e.withConfig({ authMode: "none" }).canCreateOrg("u-admin").allowed, true);
  assert.equal(e.personalOrgOnFirstLogin("someone@example.com").code, "PERSONAL_ORGS_DISABLED");
  assert.equal(e.canCreatePat("u-user", "org-main").allowed, true);
  assert.equal(e.canCreatePat("u-viewer", "org-main").code, "PAT_NOT_ALLOWED_FOR_VIEWER");
  assert.equal(e.withConfig({ authMode: "oauth", patCreationDisabled: true }).canCreatePat("u-user", "org-main").code, "PAT_CREATION_DISABLED_INSTANCE");
});

test("SSO: firstLogin, canSetDefaultOrg, resolveGroups, groupsSyncLogin", () => {
  const e = engine();
  const login = e.firstLogin({ email: "newbie@example.com", groups: ["LS:Organization User:Prod:Annotators", "other"] });
  assert.equal(login.allowed, true);
  assert.equal(login.code, "JIT_PROVISIONED");
  assert.equal(login.path, "jit");
  assert.equal(login.memberships[0].orgId, "org-main");
  assert.equal(login.groupsSync.skipped[0].reason, "missing_prefix");
  assert.equal(e.firstLogin({ email: "user@example.com" }).code, "SIGNED_IN_EXISTING_ACCESS");
  assert.equal(e.firstLogin({ email: "newbie@example.com", groups: undefined }).allowed, true, "undefined means absent");
  assert.equal(e.withConfig({ authMode: "none" }).firstLogin({ email: "x@example.com" }).code, "SSO_NOT_ENABLED");
  assert.equal(e.canSetDefaultOrg("u-admin", "org-other").code, "ORG_ADMIN_REQUIRED_IN_TARGET");
  assert.equal(e.canSetDefaultOrg("u-admin", "org-main").allowed, true);
  const g = e.resolveGroups("org-main", ["LS:Organization Admins", "LS:Organization User:Prod:Annotators"]);
  assert.equal(g.orgRole, "ORGANIZATION_ADMIN");
  assert.deepEqual(g.matched, ["LS:Organization Admins", "LS:Organization User:Prod:Annotators"]);
  assert.equal(e.groupsSyncLogin("org-main", []).allowed, true);
});

test("authorizeRequest", () => {
  const e = engine();
  const ok = e.authorizeRequest({
    credential: { type: "apiKey", key: "pat-user" },
    organizationId: "org-main",
    operation: { scope: "workspace", permission: "runs:read" },
  });
  assert.deepEqual(ok, { allowed: true, status: 200, code: "ALLOWED", message: ok.message, orgId: "org-main", workspaceId: "ws-dev", userId: "u-user" });
  const noTenant = e.authorizeRequest({ credential: { type: "apiKey", key: "key-org" }, organizationId: "org-main", operation: { scope: "workspace" } });
  assert.equal(noTenant.status, 403);
  assert.equal(noTenant.code, "TENANT_REQUIRED");
  const anonymous = e.authorizeRequest({ operation: { scope: "org" } });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.code, "MISSING_CREDENTIAL");
  const session = e.authorizeRequest({ credential: { type: "session", userId: "u-admin" }, organizationId: "org-main", operation: { scope: "user" } });
  assert.equal(session.allowed, true);
});

test("canManageMembers, canAdminister, canShare", () => {
  const e = engine();
  assert.equal(e.canManageMembers("u-admin", "org-main", { op: "listOrgMembers" }).allowed, true);
  assert.equal(e.canManageMembers("u-op", "org-main", { op: "removeFromOrg", memberId: "m-admin" }).code, "OPERATOR_CANNOT_MANAGE_ADMINS");
  assert.equal(e.canManageMembers("u-op", "org-main", { op: "updateWorkspaceRole", memberId: "m-user", workspaceId: "ws-dev", role: "WORKSPACE_VIEWER" }).allowed, true);
  assert.equal(e.canAdminister("u-admin", "org-main", { action: "manageBilling" }).allowed, true);
  assert.equal(e.canAdminister("u-op", "org-main", { action: "manageBilling" }).code, "OPERATOR_NOT_ALLOWED");
  assert.equal(e.canAdminister("u-admin", "org-main", { action: "createWorkspaceServiceKey", workspaceIds: ["ws-dev"] }).allowed, true);
  assert.equal(e.canShare("u-user", "org-main", "ws-dev", "run").allowed, true);
  assert.equal(e.canShare("u-viewer", "org-main", "ws-dev", "dataset").allowed, false);
});

test("capabilities, whatIf, withConfig", () => {
  const e = engine();
  const rows = e.capabilities("org-main", "ws-dev");
  assert.equal(rows.length, 5);
  assert.ok(rows.every((r) => Array.isArray(r.cells) && r.cells.every((c) => typeof c.decision.allowed === "boolean")));
  assert.ok(rows[0].cells.some((c) => c.capability === "sharePublicly"));
  assert.ok(!e.capabilities("org-main")[0].cells.some((c) => c.capability === "sharePublicly"));
  const changes = e.whatIf({ authMode: "none" });
  assert.ok(changes.some((c) => c.capability === "createOrg" && c.gained && c.before.allowed === false && c.after.allowed === true));
  assert.deepEqual(e.whatIf({ authMode: "oauth" }), []);
  const other = e.withConfig({ authMode: "none" });
  assert.ok(other instanceof PolicyEngine);
  assert.equal(other.memberCount, e.memberCount);
  assert.equal(other.config.authMode, "none");
  assert.equal(e.config.authMode, "oauth", "the original keeps its configuration");
});

test("call: the JSON facade", () => {
  const e = engine();
  assert.equal(e.call("can", { userId: "u-user", orgId: "org-main", workspaceId: "ws-dev", permission: "runs:create" }), true);
  assert.equal(e.call("check", { userId: "u-user", orgId: "org-main", permission: "organization:read" }).code, "ALLOWED");
  expectError(assert, () => e.call("nope", {}), "INVALID_INPUT", "method");
  expectError(assert, () => e.call("check", { userId: "u-user" }), "INVALID_INPUT");
  expectError(assert, () => e.call("check", { userId: "u-user", orgId: "org-main", permission: "runs:read", extra: 1 }), "INVALID_INPUT", "extra");
});

test("configuration documents", () => {
  const env = parseEnv('AUTH_TYPE=oauth\nPAT_CREATION_DISABLED="true"\nFF_ORG_CREATION_DISABLED=false\n');
  assert.equal(env.config.authMode, "oauth");
  assert.equal(env.config.patCreationDisabled, true);
  assert.equal(env.config.orgCreationDisabled, false);
  assert.ok(Array.isArray(env.warnings));
  const warned = parseEnv("PAT_CREATION_DISABLED=true\nPAT_CREATION_DISABLED=false\n");
  assert.equal(warned.warnings.length, 1);
  assert.equal(typeof warned.warnings[0].message, "string");

  const helm = parseHelmValues("config:\n  authType: oauth\n  workspaceScopeOrgInvitesEnabled: true\n");
  assert.equal(helm.config.authMode, "oauth");
  assert.equal(helm.config.workspaceScopeOrgInvitesEnabled, true);

  const both = loadConfig({ helmValues: "config:\n  authType: oauth\n", env: "PAT_CREATION_DISABLED=true\n" });
  assert.equal(both.config.authMode, "oauth");
  assert.equal(both.config.patCreationDisabled, true);
  assert.equal(loadConfig({}).config.authMode, "none");
  assert.equal(loadConfig({ env: null }).config.authMode, "none");

  // A loaded configuration feeds the engine directly.
  assert.equal(new PolicyEngine(helm.config, DIR).config.workspaceScopeOrgInvitesEnabled, true);
});

test("malformed .env and YAML: CONFIG_INVALID with every issue", () => {
  const err = expectError(assert, () => parseEnv("PAT_CREATION_DISABLED=yes\nBASIC_AUTH_ENABLED=1\n"), "CONFIG_INVALID");
  assert.equal(err.issues.length, 2);
  assert.deepEqual(err.issues.map((i) => [i.path, i.line, i.value]), [
    ["PAT_CREATION_DISABLED", 1, "yes"],
    ["BASIC_AUTH_ENABLED", 2, "1"],
  ]);
  assert.equal(err.path, "PAT_CREATION_DISABLED");
  const yaml = expectError(assert, () => parseHelmValues("config: [unclosed\n"), "CONFIG_INVALID");
  assert.ok(yaml.issues.length >= 1);
  assert.equal(typeof yaml.issues[0].line, "number");
  const rule = expectError(assert, () => parseEnv("BASIC_AUTH_ENABLED=true\n"), "CONFIG_INVALID");
  assert.ok(rule.issues.some((i) => /AUTH_TYPE|INITIAL_ORG_ADMIN_EMAIL/.test(i.path)));
  expectError(assert, () => loadConfig({ helmValues: "config:\n  authType: bogus\n", env: "PAT_CREATION_DISABLED=maybe\n" }), "CONFIG_INVALID");
  const both = (() => {
    try {
      loadConfig({ helmValues: "config:\n  authType: bogus\n", env: "PAT_CREATION_DISABLED=maybe\n" });
    } catch (e) {
      return e;
    }
  })();
  assert.equal(both.issues.length, 2, "problems of both documents together");
  expectError(assert, () => loadConfig({ values: "" }), "INVALID_INPUT", "sources.values");
  expectError(assert, () => loadConfig({ env: 5 }), "INVALID_INPUT", "sources.env");
});

test("directory and config errors carry every issue", () => {
  const bad = {
    orgs: [
      {
        id: "o1",
        name: "One",
        workspaces: [{ id: "w1", name: "W" }],
        members: [
          { id: "m1", userId: "u1", email: "a@x.com", orgRole: "BOSS" },
          { id: "m2", userId: "u2", email: "b@x.com", orgRole: "ORGANIZATION_USER", workspaces: { "w-ghost": "WORKSPACE_ADMIN" } },
        ],
      },
    ],
  };
  for (const dir of [bad, JSON.stringify(bad)]) {
    const err = expectError(assert, () => new PolicyEngine({}, dir), "DIRECTORY_INVALID");
    assert.ok(err.issues.length >= 2);
    assert.ok(err.issues.some((i) => i.path === "orgs[0].members[0].orgRole"));
    assert.ok(err.issues.some((i) => i.path.startsWith("orgs[0].members[1].workspaces")));
    assert.equal(err.path, err.issues[0].path);
  }
  expectError(assert, () => new PolicyEngine({}, { orgs: [{ id: "o", name: "n", workspaces: [], colour: 1 }] }), "DIRECTORY_INVALID", "orgs[0].colour");
  expectError(assert, () => new PolicyEngine({}, { orgs: [{ id: 1, name: "n", workspaces: [] }] }), "DIRECTORY_INVALID", "orgs[0].id");
  expectError(assert, () => new PolicyEngine({}, "{ nope"), "DIRECTORY_INVALID");
  expectError(assert, () => new PolicyEngine({}, {}), "DIRECTORY_INVALID");

  const cfg = expectError(assert, () => new PolicyEngine({ authMode: "basic", initialOrgName: " " }, DIR), "CONFIG_INVALID");
  assert.deepEqual(cfg.issues.map((i) => i.path).sort(), ["initialOrgAdminEmail", "initialOrgName"]);
  expectError(assert, () => new PolicyEngine({ authMode: "saml" }, DIR), "CONFIG_INVALID", "authMode");
  expectError(assert, () => new PolicyEngine({ patCreationDisable: true }, DIR), "CONFIG_INVALID", "patCreationDisable");
  expectError(assert, () => engine().whatIf({ authMode: 1 }), "CONFIG_INVALID", "authMode");
  expectError(assert, () => engine().withConfig({ nope: 1 }), "CONFIG_INVALID", "nope");
});

test("wrong JS types and missing arguments: INVALID_INPUT naming the argument", () => {
  const e = engine();
  const cases = [
    [() => e.can(5, "org-main", "ws-dev", "runs:read"), "userId"],
    [() => e.can("u-user", null, "ws-dev", "runs:read"), "orgId"],
    [() => e.can("u-user", "org-main", 3, "runs:read"), "workspaceId"],
    [() => e.can("u-user", "org-main", "ws-dev"), "permission"],
    [() => e.can(), "userId"],
    [() => e.check("u-user", {}, "ws-dev", "runs:read"), "orgId"],
    [() => e.permissions(["u-user"], "org-main"), "userId"],
    [() => e.permissions("u-user", "org-main", false), "workspaceId"],
    [() => e.planInvites("nope"), "request"],
    [() => e.planInvites(), "request"],
    [() => e.canInvite("u-admin"), "orgId"],
    [() => e.canCreateOrg(undefined), "userId"],
    [() => e.personalOrgOnFirstLogin(42), "email"],
    [() => e.canCreatePat("u-user", 0), "orgId"],
    [() => e.firstLogin(null), "request"],
    [() => e.canSetDefaultOrg("u-admin"), "targetOrgId"],
    [() => e.resolveGroups("org-main", "LS:x"), "groups"],
    [() => e.groupsSyncLogin("org-main", ["a", 3]), "groups[1]"],
    [() => e.authorizeRequest([]), "request"],
    [() => e.canManageMembers("u-admin", "org-main", "listOrgMembers"), "operation"],
    [() => e.canAdminister("u-admin", "org-main"), "action"],
    [() => e.canShare("u-admin", "org-main", "ws-dev", 1), "resource"],
    [() => e.capabilities(7), "orgId"],
    [() => e.whatIf("oauth"), "config"],
    [() => e.withConfig(), "config"],
    [() => e.call(1, {}), "method"],
    [() => new PolicyEngine(DIR), "directory"],
    [() => new PolicyEngine("x", DIR), "config"],
    [() => new PolicyEngine({}, 12), "directory"],
    [() => parseEnv(), "text"],
    [() => parseHelmValues({}), "text"],
    [() => loadConfig("env"), "sources"],
  ];
  for (const [fn, path] of cases) {
    const err = expectError(assert, fn, "INVALID_INPUT", path);
    assert.ok(err.message.includes(path), err.message);
    assert.ok(isOrgPolicyError(err));
  }
});

test("unknown and missing fields, unknown ids", () => {
  const e = engine();
  const err = expectError(
    assert,
    () => e.planInvites({ actorId: "u-admin", orgId: "org-main", invitees: [{ email: "a@x.com" }, { email: "b@x.com" }, { email: "c@x.com", orgRol: "ORGANIZATION_USER" }] }),
    "INVALID_INPUT",
    "invitees[2].orgRol",
  );
  assert.match(err.message, /unknown field `orgRol`/);
  expectError(assert, () => e.planInvites({ actorId: "u-admin", orgId: "org-main", invitees: [{ email: "a@x.com" }, { email: "b@x.com", orgRole: "BOSS" }] }), "UNKNOWN_ROLE", "invitees[1].orgRole");
  const missing = expectError(assert, () => e.planInvites({ actorId: "u-admin", invitees: [] }), "INVALID_INPUT");
  assert.match(missing.message, /orgId/);
  expectError(assert, () => e.authorizeRequest({ operation: { scope: "workspace", perm: "x" } }), "INVALID_INPUT", "operation.perm");
  expectError(assert, () => e.authorizeRequest({ operation: { scope: "galaxy" } }), "INVALID_INPUT", "operation.scope");
  expectError(assert, () => e.canShare("u-user", "org-main", "ws-dev", "tweet"), "INVALID_INPUT", "resource");
  expectError(assert, () => e.canManageMembers("u-admin", "org-main", { op: "fire" }), "INVALID_INPUT", "operation.op");
  expectError(assert, () => e.can("u-ghost", "org-main", "ws-dev", "runs:read"), "UNKNOWN_USER", "userId");
  expectError(assert, () => e.can("u-user", "org-ghost", "ws-dev", "runs:read"), "UNKNOWN_ORG", "orgId");
  expectError(assert, () => e.can("u-user", "org-main", "ws-ghost", "runs:read"), "UNKNOWN_WORKSPACE", "workspaceId");
  const typo = expectError(assert, () => e.check("u-user", "org-main", "ws-dev", "runs:raed"), "UNKNOWN_PERMISSION", "permission");
  assert.match(typo.message, /did you mean `runs:read`/);
  expectError(assert, () => e.canManageMembers("u-admin", "org-main", { op: "removeFromOrg", memberId: "m-ghost" }), "INVALID_INPUT", "operation.memberId");
  expectError(assert, () => e.canAdminister("u-admin", "org-main", { action: "deleteCustomRole", roleId: "nope" }), "UNKNOWN_ROLE", "action.roleId");
});

test("values that are not JSON are refused with their path", () => {
  const e = engine();
  const cyclic = { actorId: "u-admin", orgId: "org-main", invitees: [] };
  cyclic.self = cyclic;
  assert.match(expectError(assert, () => e.planInvites(cyclic), "INVALID_INPUT").message, /levels deep/);
  const withFn = { actorId: "u-admin", orgId: "org-main", invitees: [{ email: "a@x.com", orgRole: () => 1 }] };
  expectError(assert, () => e.planInvites(withFn), "INVALID_INPUT", "invitees[0].orgRole");
  expectError(assert, () => e.planInvites({ actorId: "u-admin", orgId: "org-main", invitees: [{ email: 1n }] }), "INVALID_INPUT", "invitees[0].email");
  expectError(assert, () => e.planInvites({ actorId: "u-admin", orgId: "org-main", invitees: [{ email: NaN }] }), "INVALID_INPUT", "invitees[0].email");
  const dir = JSON.parse(DIR_TEXT);
  dir.loop = dir;
  expectError(assert, () => new PolicyEngine({}, dir), "DIRECTORY_INVALID");
});

test("the engine keeps working after every kind of error", () => {
  const e = engine();
  for (let i = 0; i < 200; i++) {
    for (const fn of [
      () => e.can(1, 2, 3, 4),
      () => e.can("u-user", "org-ghost", null, "runs:read"),
      () => e.planInvites({ bogus: true }),
      () => e.canMany([[1]]),
      () => new PolicyEngine({}, "{"),
      () => parseEnv("PAT_CREATION_DISABLED=maybe"),
      () => parseHelmValues(":\n - ]["),
    ]) {
      assert.throws(fn);
    }
  }
  assert.equal(e.can("u-user", "org-main", "ws-dev", "runs:create"), true);
  assert.equal(e.check("u-user", "org-main", "ws-dev", "runs:create").allowed, true);
  assert.equal(new PolicyEngine({}, DIR_TEXT).memberCount, 7);
});

test("reasonCodes and isOrgPolicyError", () => {
  const codes = reasonCodes();
  assert.ok(codes.length >= 40);
  assert.equal(new Set(codes.map((c) => c.code)).size, codes.length);
  for (const c of codes) {
    assert.match(c.code, /^[A-Z_]+$/);
    assert.ok(c.meaning.length > 0);
  }
  assert.equal(codes[0].code, "ALLOWED");
  assert.equal(isOrgPolicyError(new Error("x")), false);
  assert.equal(isOrgPolicyError({ name: "OrgPolicyError" }), false);
  assert.equal(isOrgPolicyError(undefined), false);
});

test("free() releases an engine; using it afterwards throws", () => {
  const e = engine();
  e.free();
  assert.throws(() => e.can("u-user", "org-main", "ws-dev", "runs:read"));
});
