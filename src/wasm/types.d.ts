
// ---- Generated from the wire declarations by `cargo run --example typescript`: do not edit ----

export type ReasonCode =
  | "ALLOWED"
  | "NOT_A_MEMBER"
  | "MEMBER_PENDING"
  | "NOT_A_WORKSPACE_MEMBER"
  | "PERMISSION_DENIED"
  | "ORG_ADMIN_REQUIRED"
  | "OPERATOR_NOT_ALLOWED"
  | "OPERATOR_CANNOT_MANAGE_ADMINS"
  | "RESTRICTED_ROLE_REQUIRES_WORKSPACE_ADMIN"
  | "RBAC_REQUIRED"
  | "ORG_ROLE_NOT_IN_PLAN"
  | "SINGLE_WORKSPACE_PLAN"
  | "PERSONAL_ORG_NO_INVITES"
  | "INVITES_DISABLED_FOR_ORG"
  | "WORKSPACE_SCOPE_INVITES_DISABLED"
  | "WORKSPACE_INVITE_ORG_ROLE_FIXED"
  | "INVITE_BATCH_TOO_LARGE"
  | "INVALID_EMAIL"
  | "ALREADY_MEMBER"
  | "ALREADY_PENDING"
  | "ORG_CREATION_DISABLED"
  | "ORG_CREATION_UNSUPPORTED_BASIC_AUTH"
  | "PERSONAL_ORG_CREATED"
  | "PERSONAL_ORGS_DISABLED"
  | "PERSONAL_ORG_EXISTS"
  | "PAT_CREATION_DISABLED_INSTANCE"
  | "PAT_CREATION_DISABLED_ORG"
  | "PAT_NOT_ALLOWED_FOR_VIEWER"
  | "SIGNED_IN_EXISTING_ACCESS"
  | "PROVISIONED_FROM_INVITE"
  | "JIT_PROVISIONED"
  | "SSO_ACCESS_DENIED"
  | "SSO_NOT_ENABLED"
  | "SSO_NO_DEFAULT_ORG"
  | "SSO_GROUPS_REQUIRED"
  | "ORG_ADMIN_REQUIRED_IN_CURRENT_DEFAULT"
  | "ORG_ADMIN_REQUIRED_IN_TARGET"
  | "WORKSPACE_IS_ONLY_SSO_DEFAULT"
  | "ROLE_IS_BUILT_IN"
  | "ROLE_IN_USE"
  | "PUBLIC_SHARING_DISABLED"
  | "MISSING_CREDENTIAL"
  | "INVALID_CREDENTIAL"
  | "CREDENTIAL_OWNER_NOT_MEMBER"
  | "API_KEY_NOT_ALLOWED"
  | "ORG_HEADER_MISMATCH"
  | "ORG_HEADER_REQUIRED"
  | "TENANT_REQUIRED"
  | "TENANT_NOT_COVERED";

/** A reason code and what it means. */
export interface ReasonCodeInfo {
  code: ReasonCode;
  meaning: string;
}

/** The stable `code` of a thrown error. */
export type ErrorCode =
  | "UNKNOWN_ORG"
  | "UNKNOWN_USER"
  | "UNKNOWN_WORKSPACE"
  | "UNKNOWN_PERMISSION"
  | "UNKNOWN_ROLE"
  | "INVALID_INPUT"
  | "DIRECTORY_INVALID"
  | "CONFIG_INVALID"
  | "INTERNAL";

/** One problem in a directory or configuration document. */
export interface OrgPolicyIssue {
  /** Where: `orgs[1].members[3].orgRole`, `PAT_CREATION_DISABLED`, `config.authType`. */
  path: string;
  message: string;
  /** 1-based line in a `.env` / `values.yaml` text, when known. */
  line?: number;
  /** The offending value as written, when there is one. */
  value?: string;
}

/**
 * What every function of this package throws: a real `Error` (so
 * `instanceof Error` holds) named `OrgPolicyError`. A denial is never thrown.
 */
export interface OrgPolicyError extends Error {
  name: "OrgPolicyError";
  code: ErrorCode;
  /** The argument or field at fault (`orgId`, `invitees[2].orgRole`, `queries[3].permission`). */
  path?: string;
  /** Every problem of a directory or configuration (`DIRECTORY_INVALID`, `CONFIG_INVALID`). */
  issues?: OrgPolicyIssue[];
}

/** `true` for errors thrown by this package; narrows to `OrgPolicyError`. */
export function isOrgPolicyError(value: unknown): value is OrgPolicyError;

// ---- Roles and permissions ---------------------------------------------------

export type OrgRole =
  | "ORGANIZATION_ADMIN"
  | "ORGANIZATION_OPERATOR"
  | "ORGANIZATION_USER"
  | "ORGANIZATION_VIEWER";

export type BuiltinWorkspaceRole = "WORKSPACE_ADMIN" | "WORKSPACE_EDITOR" | "WORKSPACE_VIEWER";

/** A workspace role id: built-in, or the id of one of the org's custom roles. */
export type WorkspaceRoleId = BuiltinWorkspaceRole | (string & {});

export type OrgPermission =
  | "organization:read"
  | "organization:manage"
  | "organization:pats:create";

export type WorkspacePermission =
  | "annotation-queues:create"
  | "annotation-queues:delete"
  | "annotation-queues:read"
  | "annotation-queues:update"
  | "charts:create"
  | "charts:delete"
  | "charts:read"
  | "charts:update"
  | "custom-apps:create"
  | "custom-apps:delete"
  | "custom-apps:download"
  | "custom-apps:read"
  | "custom-apps:update"
  | "datasets:clone"
  | "datasets:create"
  | "datasets:delete"
  | "datasets:download"
  | "datasets:read"
  | "datasets:share"
  | "datasets:tag-on-create"
  | "datasets:update"
  | "deployments:create"
  | "deployments:delete"
  | "deployments:read"
  | "deployments:update"
  | "feedback:create"
  | "feedback:delete"
  | "feedback:read"
  | "feedback:update"
  | "feedback-configs:create"
  | "feedback-configs:update"
  | "feedback-configs:delete"
  | "experiments:run"
  | "issues:create"
  | "issues:delete"
  | "issues:read"
  | "issues:update"
  | "projects:create"
  | "projects:delete"
  | "projects:read"
  | "projects:tag-on-create"
  | "projects:update"
  | "projects:increase-trace-tier"
  | "projects:decrease-trace-tier"
  | "prompts:create"
  | "prompts:delete"
  | "prompts:read"
  | "prompts:tag-on-create"
  | "prompts:update"
  | "prompts:share"
  | "rules:create"
  | "rules:delete"
  | "rules:read"
  | "rules:update"
  | "rules:configure-retention"
  | "runs:create"
  | "runs:read"
  | "runs:read-stats"
  | "runs:share"
  | "runs:delete"
  | "alerts:create"
  | "alerts:update"
  | "alerts:delete"
  | "alerts:read"
  | "bulk-exports:read"
  | "bulk-exports:manage"
  | "mcp-servers:create"
  | "mcp-servers:delete"
  | "mcp-servers:invoke"
  | "mcp-servers:read"
  | "mcp-servers:update"
  | "sandboxes:create"
  | "sandboxes:delete"
  | "sandboxes:read"
  | "sandboxes:tag-on-create"
  | "sandboxes:update"
  | "sandboxes:exec"
  | "workspaces:read"
  | "workspaces:manage"
  | "workspaces:manage-members"
  | "workspaces:manage-keys"
  | "workspaces:manage-secrets"
  | "workspaces:manage-model-configs";

/** A permission in canonical spelling. */
export type Permission = OrgPermission | WorkspacePermission;

/**
 * A permission as callers may write it: the canonical names complete in
 * editors; underscore spellings (`datasets:tag_on_create`) are accepted too.
 * Unknown names throw `UNKNOWN_PERMISSION`.
 */
export type PermissionName = Permission | (string & {});

/** One `canMany` query. */
export type PermissionTuple = readonly [
  userId: string,
  orgId: string,
  workspaceId: string | null,
  permission: PermissionName,
];

// ---- Instance configuration --------------------------------------------------

export type AuthMode = "none" | "basic" | "oauth";

/** A configuration object: omitted (or null) switches take the auth mode's defaults. */
export interface InstanceConfigInput {
  authMode?: AuthMode | null;
  workspaceScopeOrgInvitesEnabled?: boolean | null;
  orgCreationDisabled?: boolean | null;
  personalOrgsDisabled?: boolean | null;
  patCreationDisabled?: boolean | null;
  jitProvisioningEnabled?: boolean | null;
  initialOrgAdminEmail?: string | null;
  initialOrgName?: string | null;
  defaultWorkspaceName?: string | null;
}

/** The resolved switches. */
export interface InstanceConfig {
  authMode: AuthMode;
  workspaceScopeOrgInvitesEnabled: boolean;
  orgCreationDisabled: boolean;
  personalOrgsDisabled: boolean;
  patCreationDisabled: boolean;
  jitProvisioningEnabled: boolean;
  initialOrgAdminEmail: string | null;
  initialOrgName: string;
  defaultWorkspaceName: string;
}

/** Something suspicious that did not stop a configuration from loading. */
export interface ConfigWarning {
  key: string;
  message: string;
  line: number | null;
}

/** A configuration read from documents, with the warnings found on the way. */
export interface LoadedConfig {
  config: InstanceConfig;
  warnings: ConfigWarning[];
}

/** The documents `loadConfig` reads; `.env` values override `values.yaml`. */
export interface ConfigSources {
  helmValues?: string | null;
  env?: string | null;
}

// ---- Directory ---------------------------------------------------------------

/** The whole directory: organizations, their workspaces, roles and members. */
export interface DirectoryDoc {
  /** The SSO default organization (DOMAIN §6), where JIT provisioning lands. */
  defaultOrgId?: string | null;
  /** Users known to the instance without any membership yet (optional; members' users are known anyway). */
  users?: UserDoc[];
  orgs: OrgDoc[];
}

export interface UserDoc {
  id: string;
  email: string;
}

export type Plan = "multiWorkspace" | "singleWorkspace";

export interface OrgDoc {
  id: string;
  name: string;
  /** A personal organization: one per user, one workspace, no invites. */
  personal?: boolean;
  plan?: Plan;
  /** Workspace RBAC (Enterprise): workspace roles other than Admin and custom roles. */
  rbac?: boolean;
  settings?: OrgSettingsDoc;
  sso?: SsoDoc;
  workspaces: WorkspaceDoc[];
  /** Custom workspace roles (RBAC only). */
  roles?: CustomRoleDoc[];
  /** Role ids (built-in or custom) marked restricted. */
  restrictedRoles?: WorkspaceRoleId[];
  members?: MemberDoc[];
  /** SCIM / groups-sync group names in this org, oldest first. */
  groups?: string[];
  serviceKeys?: ServiceKeyDoc[];
  personalAccessTokens?: PatDoc[];
}

export type GroupSeparator = ":" | "-" | "_" | " " | "&";

export interface OrgSettingsDoc {
  invitesEnabled?: boolean;
  jitProvisioningEnabled?: boolean;
  patCreationDisabled?: boolean;
  publicSharingDisabled?: boolean;
  /** Group-name separator: one of `:` `-` `_` space `&`. */
  groupSeparator?: GroupSeparator;
  /** Optional group-name prefix, e.g. `LS:`. */
  groupPrefix?: string;
}

/** SSO provisioning defaults for new members (used in the default org). */
export interface SsoDoc {
  /** Workspaces new members join; omitted: the org's first workspace. */
  defaultWorkspaceIds?: string[] | null;
  /** Their workspace role; omitted: `WORKSPACE_EDITOR`. */
  defaultWorkspaceRole?: WorkspaceRoleId | null;
  groupsSync?: GroupsSyncDoc;
}

export interface GroupsSyncDoc {
  enabled?: boolean;
  /** Refuse a login whose groups match no group. */
  required?: boolean;
  /** The token claim holding the groups (default `groups`). */
  claim?: string;
}

export interface WorkspaceDoc {
  id: string;
  name: string;
}

export interface CustomRoleDoc {
  id: string;
  name: string;
  permissions: PermissionName[];
}

export type MemberStatus = "active" | "pending";

/** One identity: a user's membership in this organization. */
export interface MemberDoc {
  /** The identity id. */
  id: string;
  /** The user; may be omitted for a pending invite of someone with no account. */
  userId?: string | null;
  email: string;
  orgRole: OrgRole;
  status?: MemberStatus;
  /** Workspace id → workspace role id. */
  workspaces?: Record<string, WorkspaceRoleId>;
}

/** A service key: scoped to some workspaces, or to the whole org. */
export interface ServiceKeyDoc {
  id: string;
  /** Org-wide key (covers every workspace; needs `X-Tenant-Id` for workspace resources). */
  orgScoped?: boolean;
  /** Workspaces a workspace-scoped key covers; the first is where it was created. */
  workspaceIds?: string[];
  /** Enterprise: the key's own org role (default `ORGANIZATION_ADMIN` for org-scoped keys, `ORGANIZATION_USER` otherwise). */
  orgRole?: OrgRole | null;
  /** Enterprise: the key's own workspace role (default `WORKSPACE_ADMIN`). */
  workspaceRole?: WorkspaceRoleId | null;
}

/** A personal access token, created by a user in this org. */
export interface PatDoc {
  id: string;
  userId: string;
  /** The workspace it was created in (used when a request has no `X-Tenant-Id`). */
  workspaceId?: string | null;
}

// ---- Decisions and results ---------------------------------------------------

/** The answer to a check: allowed or not, a stable code and a sentence. */
export interface Decision {
  allowed: boolean;
  code: ReasonCode;
  message: string;
}

/** What a user may do in an org or workspace, for UIs that hide buttons. */
export interface EffectivePermissions {
  /** The member's org role as acted on (single-workspace plans: Admin); absent for non-members. */
  orgRole: OrgRole | null;
  /** The member's workspace role id there, when a workspace was named and they hold one. */
  workspaceRole: string | null;
  /** The role they act with there: `WORKSPACE_ADMIN` for Org Admins (member or not) and, without RBAC, for every workspace member; else `workspaceRole`. */
  effectiveWorkspaceRole: string | null;
  orgPermissions: OrgPermission[];
  workspacePermissions: WorkspacePermission[];
  /** Why the lists are empty, when they are (`MEMBER_PENDING`, `NOT_A_MEMBER`, ...). */
  reason: ReasonCode | null;
}

// ---- Invites -----------------------------------------------------------------

/** An invite request: the actor invites a batch into an org, optionally into one of its workspaces. */
export interface InviteRequest {
  actorId: string;
  orgId: string;
  workspaceId?: string | null;
  invitees: Invitee[];
}

export interface Invitee {
  email: string;
  /** Org role id; default `ORGANIZATION_USER` (`ORGANIZATION_ADMIN` on single-workspace plans). */
  orgRole?: OrgRole | null;
  /** Workspace role id (RBAC only); default `WORKSPACE_VIEWER` with RBAC, `WORKSPACE_ADMIN` without. */
  workspaceRole?: WorkspaceRoleId | null;
}

export type InviteOutcome =
  | "pending_org_and_workspace"
  | "pending_org"
  | "added_to_workspace"
  | "already_pending"
  | "already_member"
  | "denied";

export type InvitePath = "org" | "workspace";

export interface InviteeResult {
  /** The e-mail as matched: trimmed, lower-cased. */
  email: string;
  outcome: InviteOutcome;
  /** `ALLOWED`, `ALREADY_MEMBER`, `ALREADY_PENDING`, or the denial's code. */
  code: ReasonCode;
  message: string;
  /** The org role the invitee would get (new invitees only). */
  orgRole: OrgRole | null;
  /** The workspace role id the invitee would get in the workspace. */
  workspaceRole: string | null;
}

/** The plan for a whole request. `allowed` says whether the actor may make the request at all; each invitee then has its own outcome. */
export interface InvitePlan {
  allowed: boolean;
  code: ReasonCode;
  message: string;
  path: InvitePath | null;
  invitees: InviteeResult[];
  /** How many invitees got each outcome. */
  summary: InviteSummary;
}

/** Outcome counts of a plan. */
export interface InviteSummary {
  pendingOrgAndWorkspace: number;
  pendingOrg: number;
  addedToWorkspace: number;
  alreadyPending: number;
  alreadyMember: number;
  denied: number;
}

// ---- SSO and groups ----------------------------------------------------------

/** An SSO login: the e-mail and, with groups sync, the groups claim. */
export interface LoginRequest {
  email: string;
  groups?: string[];
}

export type LoginPath = "existing_access" | "invite" | "jit" | "denied";

export type MembershipSource = "invite" | "jit" | "groups_sync";

export interface WorkspaceMembership {
  workspaceId: string;
  role: string;
}

/** A membership the login would create (or activate). */
export interface ProvisionedMembership {
  orgId: string;
  orgRole: OrgRole;
  workspaces: WorkspaceMembership[];
  source: MembershipSource;
}

export interface LoginResult {
  allowed: boolean;
  code: ReasonCode;
  message: string;
  path: LoginPath;
  memberships: ProvisionedMembership[];
  /** The default org's groups-sync resolution, when groups sync is on there. */
  groupsSync: GroupResolution | null;
}

export type SkipReason = "missing_prefix" | "no_match" | "rbac_required";

export interface SkippedGroup {
  name: string;
  reason: SkipReason;
}

export interface WorkspaceGrant {
  workspaceId: string;
  role: string;
  /** The group name that decided it. */
  group: string;
}

/** The roles a list of group names grants in one organization. */
export interface GroupResolution {
  /** `null` when no name matched. */
  orgRole: OrgRole | null;
  workspaces: WorkspaceGrant[];
  /** Names that granted something, in input order. */
  matched: string[];
  skipped: SkippedGroup[];
}

// ---- API requests ------------------------------------------------------------

export type Credential =
  | { type: "apiKey"; key: string }
  | { type: "session"; userId: string };

export type OperationScope = "org" | "workspace" | "user";

/** The route's requirement, from the gateway's route table. */
export interface Operation {
  scope: OperationScope;
  /** Needed permission; omitted: `organization:read` (org scope) or `workspaces:read` (workspace scope). */
  permission?: PermissionName | null;
}

/** One incoming request. */
export interface ApiRequest {
  credential?: Credential | null;
  /** The `X-Organization-Id` header. */
  organizationId?: string | null;
  /** The `X-Tenant-Id` header (a workspace id). */
  tenantId?: string | null;
  operation: Operation;
}

/** The gateway's answer: 200, 401 or 403, with the resolved scope. */
export interface RequestDecision {
  allowed: boolean;
  status: 200 | 401 | 403;
  code: ReasonCode;
  message: string;
  orgId: string | null;
  workspaceId: string | null;
  /** The user the request acts as (PATs and sessions). */
  userId: string | null;
}

// ---- Members and administration ----------------------------------------------

/** A membership operation, tagged on `op`; members are named by identity id. */
export type MemberOperation =
  | { op: "listOwnInvites" }
  | { op: "claimInvite"; memberId: string }
  | { op: "declineInvite"; memberId: string }
  | { op: "listOrgMembers" }
  | { op: "listPendingOrgMembers" }
  | { op: "inviteToOrg" }
  | { op: "updateOrgRole"; memberId: string; role: OrgRole }
  | { op: "removeFromOrg"; memberId: string }
  | { op: "deletePendingInvite"; memberId: string; workspaceId?: string | null }
  | { op: "listWorkspaceMembers"; workspaceId: string }
  | { op: "addToWorkspace"; memberId: string; workspaceId: string; role?: WorkspaceRoleId | null }
  | { op: "updateWorkspaceRole"; memberId: string; workspaceId: string; role: WorkspaceRoleId }
  | { op: "removeFromWorkspace"; memberId: string; workspaceId: string };

/** An administrative action on an organization, tagged on `action`. */
export type OrgAction =
  | { action: "updateOrgInfo" }
  | { action: "updateSecuritySettings" }
  | { action: "createWorkspace" }
  | { action: "deleteWorkspace"; workspaceId: string }
  | { action: "manageCustomRoles" }
  | { action: "deleteCustomRole"; roleId: string }
  | { action: "markRoleRestricted"; roleId: WorkspaceRoleId }
  | { action: "manageSsoSettings" }
  | { action: "setDefaultSsoProvision" }
  | { action: "manageBilling" }
  | { action: "createOrgServiceKey" }
  | { action: "createWorkspaceServiceKey"; workspaceIds: string[] };

export type ShareableResource = "run" | "dataset" | "prompt";

// ---- Capabilities and what-if ------------------------------------------------

export type Capability =
  | "inviteToOrg"
  | "inviteToWorkspace"
  | "addToWorkspace"
  | "createOrg"
  | "personalOrg"
  | "createPat"
  | "manageOrgMembers"
  | "setDefaultOrg"
  | "sharePublicly";

export interface CapabilityCell {
  capability: Capability;
  decision: Decision;
}

/** One member's row of the who-can-do-what matrix. */
export interface CapabilityRow {
  memberId: string;
  userId: string | null;
  email: string;
  orgRole: OrgRole;
  status: MemberStatus;
  workspaceRole: string | null;
  /** The role acted with in the workspace (Org Admins: `WORKSPACE_ADMIN`). */
  effectiveWorkspaceRole: string | null;
  cells: CapabilityCell[];
}

/** A capability that differs between the current and another configuration. */
export interface CapabilityChange {
  orgId: string;
  workspaceId: string | null;
  memberId: string;
  email: string;
  capability: Capability;
  /** True when the capability is gained, false when lost. */
  gained: boolean;
  before: Decision;
  after: Decision;
}

// ---- Check inputs and the JSON facade (`PolicyEngine.call`) ------------------

/** `can` / `check`: a permission of a user in an org or workspace. */
export interface PermissionQuery {
  userId: string;
  orgId: string;
  workspaceId?: string | null;
  permission: PermissionName;
}

/** `permissions`: the effective permission list. */
export interface PermissionsQuery {
  userId: string;
  orgId: string;
  workspaceId?: string | null;
}

/** `canInvite`: may the actor invite someone new (into the workspace)? */
export interface InviteCapabilityQuery {
  actorId: string;
  orgId: string;
  workspaceId?: string | null;
}

/** `canCreateOrg`. */
export interface UserQuery {
  userId: string;
}

/** `personalOrgOnFirstLogin`. */
export interface EmailQuery {
  email: string;
}

/** `canCreatePat`. */
export interface UserOrgQuery {
  userId: string;
  orgId: string;
}

/** `canSetDefaultOrg`. */
export interface SetDefaultOrgQuery {
  actorId: string;
  targetOrgId: string;
}

/** `resolveGroups` / `groupsSyncLogin`. */
export interface GroupsQuery {
  orgId: string;
  /** Group names, oldest first. */
  groups: string[];
}

/** `canManageMembers`. */
export interface MemberOperationQuery {
  actorId: string;
  orgId: string;
  operation: MemberOperation;
}

/** `canAdminister`. */
export interface OrgActionQuery {
  actorId: string;
  orgId: string;
  action: OrgAction;
}

/** `canShare`. */
export interface ShareQuery {
  userId: string;
  orgId: string;
  workspaceId: string;
  resource: ShareableResource;
}

/** `capabilities`. */
export interface CapabilitiesQuery {
  orgId: string;
  workspaceId?: string | null;
}

/** `whatIf`: the other configuration (omitted switches take its auth mode's defaults). */
export interface WhatIfQuery {
  config: InstanceConfigInput;
}

/** Input and output of every method `call` accepts. */
export interface CallMap {
  can: { input: PermissionQuery; output: boolean };
  check: { input: PermissionQuery; output: Decision };
  permissions: { input: PermissionsQuery; output: EffectivePermissions };
  planInvites: { input: InviteRequest; output: InvitePlan };
  canInvite: { input: InviteCapabilityQuery; output: Decision };
  canCreateOrg: { input: UserQuery; output: Decision };
  personalOrgOnFirstLogin: { input: EmailQuery; output: Decision };
  canCreatePat: { input: UserOrgQuery; output: Decision };
  firstLogin: { input: LoginRequest; output: LoginResult };
  canSetDefaultOrg: { input: SetDefaultOrgQuery; output: Decision };
  resolveGroups: { input: GroupsQuery; output: GroupResolution };
  groupsSyncLogin: { input: GroupsQuery; output: Decision };
  authorizeRequest: { input: ApiRequest; output: RequestDecision };
  canManageMembers: { input: MemberOperationQuery; output: Decision };
  canAdminister: { input: OrgActionQuery; output: Decision };
  canShare: { input: ShareQuery; output: Decision };
  capabilities: { input: CapabilitiesQuery; output: CapabilityRow[] };
  whatIf: { input: WhatIfQuery; output: CapabilityChange[] };
}

export type CallMethod = keyof CallMap;

// Declaration merging: adds the typed `call` to the generated class.
export interface PolicyEngine {
  /** The generic JSON facade: one input object in, one result out (as the scenario files use it). */
  call<M extends CallMethod>(method: M, input: CallMap[M]["input"]): CallMap[M]["output"];
  call(method: string, input: unknown): unknown;
}
