//! The TypeScript declarations of the package (`src/wasm/types.d.ts`),
//! generated from the wire declarations: `wire!`
//! structs, `json_names!` enums, the catalogues and the checks table.
//! `scripts/build.sh` writes them (`cargo run --example typescript`) and
//! `tests/typescript.rs` fails when the checked-in file differs.
//!
//! Only what has no Rust declaration is written here as text: the shape of
//! thrown errors, the configuration documents (read by the configuration
//! layer's own readers), and type aliases that exist only for editors.

use crate::access::EffectivePermissions;
use crate::admin::OrgAction;
use crate::config::AuthMode;
use crate::decision::{Code, Decision, ReasonCodeInfo};
use crate::directory::{
    CustomRoleDoc, DirectoryDoc, GroupsSyncDoc, MemberDoc, MemberStatus, OrgDoc, OrgSettingsDoc, PatDoc, Plan,
    ServiceKeyDoc, SsoDoc, UserDoc, WorkspaceDoc,
};
use crate::error::CheckError;
use crate::groups::{GroupResolution, SkipReason, SkippedGroup, WorkspaceGrant};
use crate::invites::{InviteOutcome, InvitePath, InvitePlan, InviteRequest, InviteSummary, Invitee, InviteeResult};
use crate::json::{ts_union, Ts};
use crate::members::MemberOperation;
use crate::orgs::ShareableResource;
use crate::permissions::{OrgPermission, WorkspacePermission};
use crate::requests::{ApiRequest, Credential, Operation, OperationScope, RequestDecision};
use crate::roles::OrgRole;
use crate::sso::{LoginPath, LoginRequest, LoginResult, MembershipSource, ProvisionedMembership, WorkspaceMembership};
use crate::what_if::{Capability, CapabilityCell, CapabilityChange, CapabilityRow};

/// The shape of a thrown error (made by the binding, not read or written as JSON).
const ERRORS: &str = r#"/** One problem in a directory or configuration document. */
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
"#;

/// Workspace role ids: built-in names, or a custom role's id.
const ROLES: &str = r#"export type BuiltinWorkspaceRole = "WORKSPACE_ADMIN" | "WORKSPACE_EDITOR" | "WORKSPACE_VIEWER";

/** A workspace role id: built-in, or the id of one of the org's custom roles. */
export type WorkspaceRoleId = BuiltinWorkspaceRole | (string & {});
"#;

/// Permission aliases for editors.
const PERMISSIONS: &str = r#"/** A permission in canonical spelling. */
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
"#;

/// The configuration documents and results (read by the configuration layer).
const CONFIG: &str = r#"/** A configuration object: omitted (or null) switches take the auth mode's defaults. */
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
"#;

/// Group-name separators (a string field checked when the directory is built).
const GROUP_SEPARATOR: &str = r#"export type GroupSeparator = ":" | "-" | "_" | " " | "&";
"#;

/// The typed `call` merged into the generated class.
const CALL: &str = r#"export type CallMethod = keyof CallMap;

// Declaration merging: adds the typed `call` to the generated class.
export interface PolicyEngine {
  /** The generic JSON facade: one input object in, one result out (as the scenario files use it). */
  call<M extends CallMethod>(method: M, input: CallMap[M]["input"]): CallMap[M]["output"];
  call(method: string, input: unknown): unknown;
}
"#;

fn section(out: &mut String, title: &str) {
    out.push_str("\n// ---- ");
    out.push_str(title);
    out.push(' ');
    out.push_str(&"-".repeat(72usize.saturating_sub(title.len())));
    out.push_str("\n\n");
}

fn decls(out: &mut String, items: &[String]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(item);
    }
}

/// The whole `.d.ts` text appended to the generated bindings.
pub fn typescript() -> String {
    let mut out = String::from(
        "\n// ---- Generated from the wire declarations by `cargo run --example typescript`: do not edit ----\n\n",
    );
    let mut errors: Vec<&str> = CheckError::CODES.to_vec();
    errors.extend(["DIRECTORY_INVALID", "CONFIG_INVALID", "INTERNAL"]);
    decls(
        &mut out,
        &[
            Code::ts_decl(),
            ReasonCodeInfo::ts_decl(),
            format!("/** The stable `code` of a thrown error. */\n{}", ts_union("ErrorCode", &errors)),
            ERRORS.into(),
        ],
    );
    section(&mut out, "Roles and permissions");
    decls(
        &mut out,
        &[
            OrgRole::ts_decl(),
            ROLES.into(),
            OrgPermission::ts_decl(),
            WorkspacePermission::ts_decl(),
            PERMISSIONS.into(),
        ],
    );
    section(&mut out, "Instance configuration");
    decls(&mut out, &[AuthMode::ts_decl(), CONFIG.into()]);
    section(&mut out, "Directory");
    decls(
        &mut out,
        &[
            DirectoryDoc::ts_decl(),
            UserDoc::ts_decl(),
            Plan::ts_decl(),
            OrgDoc::ts_decl(),
            GROUP_SEPARATOR.into(),
            OrgSettingsDoc::ts_decl(),
            SsoDoc::ts_decl(),
            GroupsSyncDoc::ts_decl(),
            WorkspaceDoc::ts_decl(),
            CustomRoleDoc::ts_decl(),
            MemberStatus::ts_decl(),
            MemberDoc::ts_decl(),
            ServiceKeyDoc::ts_decl(),
            PatDoc::ts_decl(),
        ],
    );
    section(&mut out, "Decisions and results");
    decls(&mut out, &[Decision::ts_decl(), EffectivePermissions::ts_decl()]);
    section(&mut out, "Invites");
    decls(
        &mut out,
        &[
            InviteRequest::ts_decl(),
            Invitee::ts_decl(),
            InviteOutcome::ts_decl(),
            InvitePath::ts_decl(),
            InviteeResult::ts_decl(),
            InvitePlan::ts_decl(),
            InviteSummary::ts_decl(),
        ],
    );
    section(&mut out, "SSO and groups");
    decls(
        &mut out,
        &[
            LoginRequest::ts_decl(),
            LoginPath::ts_decl(),
            MembershipSource::ts_decl(),
            WorkspaceMembership::ts_decl(),
            ProvisionedMembership::ts_decl(),
            LoginResult::ts_decl(),
            SkipReason::ts_decl(),
            SkippedGroup::ts_decl(),
            WorkspaceGrant::ts_decl(),
            GroupResolution::ts_decl(),
        ],
    );
    section(&mut out, "API requests");
    decls(
        &mut out,
        &[
            Credential::ts_decl(),
            OperationScope::ts_decl(),
            Operation::ts_decl(),
            ApiRequest::ts_decl(),
            RequestDecision::ts_decl(),
        ],
    );
    section(&mut out, "Members and administration");
    decls(&mut out, &[MemberOperation::ts_decl(), OrgAction::ts_decl(), ShareableResource::ts_decl()]);
    section(&mut out, "Capabilities and what-if");
    decls(
        &mut out,
        &[Capability::ts_decl(), CapabilityCell::ts_decl(), CapabilityRow::ts_decl(), CapabilityChange::ts_decl()],
    );
    section(&mut out, "Check inputs and the JSON facade (`PolicyEngine.call`)");
    let mut inputs = crate::api::call_inputs_ts();
    inputs.dedup();
    inputs.retain(|d| !out.contains(d.as_str()));
    inputs.push(crate::api::call_map_ts());
    inputs.push(CALL.into());
    decls(&mut out, &inputs);
    out
}
