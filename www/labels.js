// Display names for the engine's identifiers. The page shows the engine's
// own codes too; these only make tables easier to scan.

/** The capability columns of the who-can-do-what matrix, in display order. */
export const CAPABILITIES = [
  { id: "inviteToOrg", label: "Invite to org" },
  { id: "inviteToWorkspace", label: "Invite to workspace", workspace: true },
  { id: "addToWorkspace", label: "Add to workspace", workspace: true },
  { id: "manageOrgMembers", label: "Manage org members" },
  { id: "createOrg", label: "Create org" },
  { id: "personalOrg", label: "Personal org" },
  { id: "createPat", label: "Create PAT" },
  { id: "setDefaultOrg", label: "Set default org" },
  { id: "sharePublicly", label: "Share publicly", workspace: true },
];

export const CAPABILITY_LABEL = Object.fromEntries(CAPABILITIES.map((c) => [c.id, c.label]));

export const ORG_ROLE_LABEL = {
  ORGANIZATION_ADMIN: "Org Admin",
  ORGANIZATION_OPERATOR: "Org Operator",
  ORGANIZATION_USER: "Org User",
  ORGANIZATION_VIEWER: "Org Viewer",
};

export const WORKSPACE_ROLE_LABEL = {
  WORKSPACE_ADMIN: "Admin",
  WORKSPACE_EDITOR: "Editor",
  WORKSPACE_VIEWER: "Viewer",
};

export const OUTCOME_LABEL = {
  pending_org_and_workspace: "Pending in org and workspace",
  pending_org: "Pending in org",
  added_to_workspace: "Added to workspace",
  already_pending: "Already pending",
  already_member: "Already a member",
  denied: "Denied",
};

export const LOGIN_PATH_LABEL = {
  existing_access: "Existing access",
  invite: "Provisioned from invite",
  jit: "JIT provisioned",
  denied: "Denied",
};

export const SWITCHES = [
  "workspaceScopeOrgInvitesEnabled",
  "orgCreationDisabled",
  "personalOrgsDisabled",
  "patCreationDisabled",
  "jitProvisioningEnabled",
];

export const SWITCH_LABEL = {
  workspaceScopeOrgInvitesEnabled: "Workspace-scope org invites",
  orgCreationDisabled: "Org creation disabled",
  personalOrgsDisabled: "Personal orgs disabled",
  patCreationDisabled: "PAT creation disabled",
  jitProvisioningEnabled: "JIT provisioning",
  authMode: "Auth mode",
  initialOrgAdminEmail: "Initial org admin e-mail",
};

export const STATUS_TEXT = { 200: "200 OK", 401: "401 Unauthorized", 403: "403 Forbidden" };
