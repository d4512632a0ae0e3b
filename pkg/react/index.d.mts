// orgpolicy/react: React bindings for a PolicyEngine (React >= 18).
import type { ReactNode } from "react";
import type { CapabilityRow, Decision, EffectivePermissions, PolicyEngine } from "orgpolicy";

/**
 * Something that holds the current engine and says when it changes, e.g. a
 * sync object that swaps the engine when the directory is refreshed.
 * Contract: `current()` returns the same engine object until the next swap
 * (it is the useSyncExternalStore snapshot) and never an engine that has been
 * freed; `subscribe` calls `listener` after each swap and returns an
 * unsubscribe function. An engine freed after its swap is never called again.
 */
export interface EngineSource<E extends PolicyEngine = PolicyEngine> {
  current(): E | null | undefined;
  subscribe(listener: () => void): () => void;
}

/** Whose checks, and where: defaults for every hook below the provider. */
export interface PolicyScope {
  /** The signed-in user the checks are about. */
  userId?: string | null;
  orgId?: string | null;
  /** Omitted or null: org-level checks. */
  workspaceId?: string | null;
}

export interface PolicyProviderProps extends PolicyScope {
  /**
   * The engine, or a source of engines. Omitted or null (still loading, or
   * server-side rendering without an engine): every hook answers null/false.
   */
  engine?: PolicyEngine | EngineSource | null;
  children?: ReactNode;
}

export declare function PolicyProvider(props: PolicyProviderProps): ReactNode;

/** The current engine, or null when none is given (or it was freed). */
export declare function useEngine(): PolicyEngine | null;

/**
 * A denial for an id the directory does not hold (e.g. a user removed by the
 * last refresh). Other errors (an unknown permission name) are thrown.
 */
export interface UnknownIdDecision {
  allowed: false;
  code: "UNKNOWN_USER" | "UNKNOWN_ORG" | "UNKNOWN_WORKSPACE";
  message: string;
}

/** Every answer useCheck gives once an engine is there. */
export type UiDecision = Decision | UnknownIdDecision;

/** The decision for `permission` in the provider's scope (overridable); null without an engine, user or org. */
export declare function useCheck(permission: string, scope?: PolicyScope): UiDecision | null;

/** `useCheck(...)?.allowed`, false while there is no answer (fail closed). */
export declare function useCan(permission: string, scope?: PolicyScope): boolean;

/** What the user may do in the org or workspace; null without an engine, user or org, or for an unknown id. */
export declare function usePermissions(scope?: PolicyScope): EffectivePermissions | null;

/** The capability matrix of the org (or workspace); null without an engine or org, or for an unknown id. */
export declare function useCapabilities(scope?: Omit<PolicyScope, "userId">): CapabilityRow[] | null;

export interface CanProps extends PolicyScope {
  permission: string;
  /** Rendered when denied or while there is no answer; a function receives the decision (null: no answer yet). */
  fallback?: ReactNode | ((decision: UiDecision | null) => ReactNode);
  /** Rendered when allowed; a function receives the decision. */
  children?: ReactNode | ((decision: Decision) => ReactNode);
}

/** Renders `children` when the user may, `fallback` otherwise. */
export declare function Can(props: CanProps): ReactNode;
