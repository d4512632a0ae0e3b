// A TypeScript consumer of the package as Node resolves it (ESM, `node` +
// `import` conditions). Compiled with `tsc --noEmit --strict`; never run.
// Every method and every exported type is used, and the `@ts-expect-error`
// lines prove that inputs are typed (an `any` would make them unused errors).
import { loadConfig, parseEnv, parseHelmValues } from "orgpolicy/config";
import {
  PolicyEngine,
  isOrgPolicyError,
  reasonCodes,
  type ApiRequest,
  type AuthMode,
  type BuiltinWorkspaceRole,
  type CallMap,
  type CallMethod,
  type Capability,
  type CapabilityCell,
  type CapabilityChange,
  type CapabilityRow,
  type Change,
  type ConfigSources,
  type ConfigWarning,
  type Credential,
  type CustomRoleDoc,
  type Decision,
  type DirectoryDoc,
  type EffectivePermissions,
  type ErrorCode,
  type GroupResolution,
  type GroupSeparator,
  type GroupsSyncDoc,
  type InstanceConfig,
  type InstanceConfigInput,
  type InviteOutcome,
  type InvitePath,
  type InvitePlan,
  type InviteRequest,
  type Invitee,
  type InviteeResult,
  type InviteSummary,
  type LoadedConfig,
  type LoginPath,
  type LoginRequest,
  type LoginResult,
  type MemberDoc,
  type MemberOperation,
  type MemberStatus,
  type MembershipSource,
  type Operation,
  type OperationScope,
  type OrgAction,
  type OrgDoc,
  type OrgPermission,
  type OrgPolicyError,
  type OrgPolicyIssue,
  type OrgRole,
  type OrgSettingsDoc,
  type PatDoc,
  type Permission,
  type PermissionName,
  type PermissionTuple,
  type Plan,
  type ProvisionedMembership,
  type ReasonCode,
  type ReasonCodeInfo,
  type RequestDecision,
  type ServiceKeyDoc,
  type ShareableResource,
  type SkipReason,
  type SkippedGroup,
  type SsoDoc,
  type UserDoc,
  type WorkspaceDoc,
  type WorkspaceGrant,
  type WorkspaceMembership,
  type WorkspacePermission,
  type WorkspaceRoleId,
} from "orgpolicy";

// ---- no `any` anywhere in the class's signatures ---------------------------------
type IsAny<T> = 0 extends 1 & T ? true : false;
type AnyIn<F> = F extends (...args: infer A) => infer R
  ? true extends { [I in keyof A]: IsAny<A[I]> }[number]
    ? true
    : IsAny<R>
  : IsAny<F>;
type Members = { [K in keyof PolicyEngine]: AnyIn<PolicyEngine[K]> };
type MustBeFalse<T extends false> = T;
type ConstructorHasAny = true extends { [I in keyof ConstructorParameters<typeof PolicyEngine>]: IsAny<ConstructorParameters<typeof PolicyEngine>[I]> }[number] ? true : false;
export type NoAnyInClass = MustBeFalse<Members[keyof Members]>;
export type NoAnyInConstructor = MustBeFalse<ConstructorHasAny>;
export type NoAnyInFunctions = MustBeFalse<
  AnyIn<typeof parseEnv> | AnyIn<typeof parseHelmValues> | AnyIn<typeof loadConfig> | AnyIn<typeof reasonCodes> | AnyIn<typeof isOrgPolicyError>
>;

// ---- documents --------------------------------------------------------------------
const settings: OrgSettingsDoc = { invitesEnabled: true, groupSeparator: ":" satisfies GroupSeparator, groupPrefix: "LS:" };
const groupsSync: GroupsSyncDoc = { enabled: true, required: false, claim: "groups" };
const sso: SsoDoc = { defaultWorkspaceIds: ["ws-dev"], defaultWorkspaceRole: "WORKSPACE_EDITOR", groupsSync };
const role: CustomRoleDoc = { id: "role-annotator", name: "Annotators", permissions: ["runs:read", "feedback:create"] };
const member: MemberDoc = { id: "m-admin", userId: "u-admin", email: "admin@example.com", orgRole: "ORGANIZATION_ADMIN", status: "active" satisfies MemberStatus, workspaces: { "ws-dev": "WORKSPACE_ADMIN" } };
const key: ServiceKeyDoc = { id: "key-dev", workspaceIds: ["ws-dev"], orgRole: null, workspaceRole: "WORKSPACE_VIEWER" };
const pat: PatDoc = { id: "pat-1", userId: "u-admin", workspaceId: "ws-dev" };
const ws: WorkspaceDoc = { id: "ws-dev", name: "Dev" };
const user: UserDoc = { id: "u-new", email: "new@example.com" };
const plan: Plan = "multiWorkspace";
const org: OrgDoc = {
  id: "org-main",
  name: "Main",
  plan,
  rbac: true,
  settings,
  sso,
  workspaces: [ws],
  roles: [role],
  restrictedRoles: ["WORKSPACE_ADMIN"],
  members: [member],
  groups: ["LS:Organization Admins"],
  serviceKeys: [key],
  personalAccessTokens: [pat],
};
const directory: DirectoryDoc = { defaultOrgId: "org-main", users: [user], orgs: [org] };
const authMode: AuthMode = "oauth";
const configInput: InstanceConfigInput = { authMode, workspaceScopeOrgInvitesEnabled: true, jitProvisioningEnabled: null };

// ---- the engine ---------------------------------------------------------------------
const engine = new PolicyEngine(configInput, directory);
const fromText = new PolicyEngine({}, JSON.stringify(directory));
const resolved: InstanceConfig = engine.config;
const members: number = engine.memberCount;

const allowed: boolean = engine.can("u-admin", "org-main", "ws-dev", "runs:read");
const orgLevel: boolean = engine.can("u-admin", "org-main", null, "organization:manage");
const bits: Uint8Array = engine.canMany([["u-admin", "org-main", "ws-dev", "runs:read"]] satisfies PermissionTuple[]);
const decision: Decision = engine.check("u-admin", "org-main", undefined, "organization:read");
const code: ReasonCode = decision.code;
const perms: EffectivePermissions = engine.permissions("u-admin", "org-main", "ws-dev");
const orgPerms: OrgPermission[] = perms.orgPermissions;
const wsPerms: WorkspacePermission[] = perms.workspacePermissions;
const someRole: OrgRole | null = perms.orgRole;

const invitee: Invitee = { email: "x@example.com", orgRole: "ORGANIZATION_USER", workspaceRole: "WORKSPACE_VIEWER" satisfies BuiltinWorkspaceRole };
const inviteRequest: InviteRequest = { actorId: "u-admin", orgId: "org-main", workspaceId: "ws-dev", invitees: [invitee] };
const invitePlan: InvitePlan = engine.planInvites(inviteRequest);
const path: InvitePath | null = invitePlan.path;
const results: InviteeResult[] = invitePlan.invitees;
const summary: InviteSummary = invitePlan.summary;
const effective: string | null = perms.effectiveWorkspaceRole;
const outcome: InviteOutcome | undefined = results[0]?.outcome;
const canInvite: Decision = engine.canInvite("u-admin", "org-main");
const canInviteWs: Decision = engine.canInvite("u-admin", "org-main", "ws-dev");
const createOrg: Decision = engine.canCreateOrg("u-admin");
const personal: Decision = engine.personalOrgOnFirstLogin("new@example.com");
const createPat: Decision = engine.canCreatePat("u-admin", "org-main");

const loginRequest: LoginRequest = { email: "new@example.com", groups: ["LS:Organization Admins"] };
const login: LoginResult = engine.firstLogin(loginRequest);
const loginPath: LoginPath = login.path;
const memberships: ProvisionedMembership[] = login.memberships;
const source: MembershipSource | undefined = memberships[0]?.source;
const wsMemberships: WorkspaceMembership[] | undefined = memberships[0]?.workspaces;
const setDefault: Decision = engine.canSetDefaultOrg("u-admin", "org-main");
const resolution: GroupResolution = engine.resolveGroups("org-main", ["LS:Organization Admins"]);
const grants: WorkspaceGrant[] = resolution.workspaces;
const skipped: SkippedGroup[] = resolution.skipped;
const skipReason: SkipReason | undefined = skipped[0]?.reason;
const syncLogin: Decision = engine.groupsSyncLogin("org-main", []);

const credential: Credential = { type: "apiKey", key: "pat-1" };
const scope: OperationScope = "workspace";
const operation: Operation = { scope, permission: "runs:read" };
const request: ApiRequest = { credential, organizationId: "org-main", tenantId: "ws-dev", operation };
const requestDecision: RequestDecision = engine.authorizeRequest(request);
const status: 200 | 401 | 403 = requestDecision.status;

const op: MemberOperation = { op: "updateWorkspaceRole", memberId: "m-admin", workspaceId: "ws-dev", role: "WORKSPACE_VIEWER" };
const manage: Decision = engine.canManageMembers("u-admin", "org-main", op);
const action: OrgAction = { action: "createWorkspaceServiceKey", workspaceIds: ["ws-dev"] };
const administer: Decision = engine.canAdminister("u-admin", "org-main", action);
const resource: ShareableResource = "dataset";
const share: Decision = engine.canShare("u-admin", "org-main", "ws-dev", resource);

const rows: CapabilityRow[] = engine.capabilities("org-main", "ws-dev");
const cells: CapabilityCell[] | undefined = rows[0]?.cells;
const capability: Capability | undefined = cells?.[0]?.capability;
const changes: CapabilityChange[] = engine.whatIf({ authMode: "none" });
const gained: boolean | undefined = changes[0]?.gained;
const other: PolicyEngine = engine.withConfig({ authMode: "basic", initialOrgAdminEmail: "admin@example.com" });

// The JSON facade: typed per method, and open for any method name.
const viaCall: InvitePlan = engine.call("planInvites", inviteRequest);
const viaCallBool: boolean = engine.call("can", { userId: "u", orgId: "o", permission: "runs:read" });
const untyped: unknown = engine.call(String("check"), {});
const methods: CallMethod[] = ["can", "whatIf"];
type WhatIfInput = CallMap["whatIf"]["input"];
const whatIfInput: WhatIfInput = { config: { authMode: "oauth" } };

// ---- free functions -----------------------------------------------------------------
const env: LoadedConfig = parseEnv("AUTH_TYPE=oauth\n");
const warnings: ConfigWarning[] = env.warnings;
const helm: LoadedConfig = parseHelmValues("config:\n  authType: oauth\n");
const sources: ConfigSources = { helmValues: "config: {}\n", env: "PAT_CREATION_DISABLED=true\n" };
const both: LoadedConfig = loadConfig(sources);
const catalogue: ReasonCodeInfo[] = reasonCodes();
const engineFromLoaded = new PolicyEngine(both.config, directory);

// ---- errors ---------------------------------------------------------------------------
try {
  engine.can("u-ghost", "org-main", null, "runs:read");
} catch (e: unknown) {
  if (isOrgPolicyError(e)) {
    const err: OrgPolicyError = e;
    const errorCode: ErrorCode = err.code;
    const where: string | undefined = err.path;
    const issues: OrgPolicyIssue[] | undefined = err.issues;
    const line: number | undefined = issues?.[0]?.line;
    const asError: Error = err;
    if (errorCode === "UNKNOWN_USER") console.log(where, line, asError.message);
  }
}

// ---- directory changes in place ------------------------------------------------------------
const batch: Change[] = [
  { op: "setOrgRole", orgId: "org-main", memberId: "ident-1", orgRole: "ORGANIZATION_VIEWER" },
  { op: "removeKey", keyId: "key-1" },
];
engine.applyChanges(batch);
const packedAnswers: Uint8Array = engine.canManyHandles(new Uint32Array([0, 0, 0xffffffff, 0]));
console.log(packedAnswers.length);
engine.applyChanges(JSON.stringify(batch));
const current: DirectoryDoc = engine.directory();
console.log(current.orgs.length);

// ---- inputs are typed: each of these must be a compile error ----------------------------
// @ts-expect-error unknown change
engine.applyChanges([{ op: "renameOrg", orgId: "org-main" }]);
// @ts-expect-error setOrgRole names one of the four org roles
engine.applyChanges([{ op: "setOrgRole", orgId: "o", memberId: "m", orgRole: "BOSS" }]);
// @ts-expect-error permission must be a string
engine.check("u-admin", "org-main", null, 5);
// @ts-expect-error orgRole is one of the four org roles
engine.planInvites({ actorId: "a", orgId: "o", invitees: [{ email: "x@example.com", orgRole: "BOSS" }] });
// @ts-expect-error unknown field in an invite request
engine.planInvites({ actorId: "a", orgId: "o", invitees: [], workspace: "ws" });
// @ts-expect-error unknown operation
engine.canManageMembers("a", "o", { op: "fireEveryone" });
// @ts-expect-error updateOrgRole needs memberId and role
engine.canManageMembers("a", "o", { op: "updateOrgRole" });
// @ts-expect-error resource is run, dataset or prompt
engine.canShare("u", "o", "w", "tweet");
// @ts-expect-error authMode is none, basic or oauth
new PolicyEngine({ authMode: "saml" }, directory);
// @ts-expect-error the directory needs orgs
new PolicyEngine({}, { users: [] });
// @ts-expect-error not a reason code
const notACode: ReasonCode = "NOT_A_CODE";
// @ts-expect-error a decision's code is a ReasonCode, not any string
const wrongCompare: boolean = decision.code === "NOT_A_CODE";
// @ts-expect-error whatIf takes a configuration
engine.whatIf({ authMode: "oauth", bogus: true });
// @ts-expect-error a bad input falls to the untyped overload, whose result is `unknown`
const badCall: InvitePlan = engine.call("planInvites", { actorId: "a" });
// @ts-expect-error credential is tagged on `type`
engine.authorizeRequest({ credential: { type: "jwt", token: "x" }, operation });
// @ts-expect-error groups is a string array
engine.resolveGroups("org-main", "LS:Organization Admins");
// @ts-expect-error memberCount is read-only
engine.memberCount = 3;

export {
  fromText, resolved, members, allowed, orgLevel, bits, code, orgPerms, wsPerms, someRole,
  path, summary, effective, outcome, canInvite, canInviteWs, createOrg, personal, createPat, loginPath, source, wsMemberships, setDefault, grants, skipReason,
  syncLogin, status, manage, administer, share, capability, gained, other, viaCall, viaCallBool, untyped, methods, whatIfInput, warnings,
  helm, catalogue, engineFromLoaded, notACode, wrongCompare, badCall,
};
export type { Permission, PermissionName, WorkspaceRoleId };
