// orgpolicy/authz: the authorization service behind the `orgpolicy-authz` bin.
import type { Server } from "node:http";
import type { EventEmitter } from "node:events";
import type { PolicyEngine } from "../node/orgpolicy.js";
import type { RouteSpec } from "../middleware/index.mjs";
import type { ConnectorEvent, FetchOptions, OrgSource } from "../langsmith/index.mjs";

/** What an engine source hands out. */
export interface EngineState {
  engine: PolicyEngine;
  /** `Date.now()` when this engine was built. */
  loadedAt: number;
  /** 1 for the first engine, +1 per reload. */
  version: number;
}

/**
 * Where the service gets its engines. `FileEngineSource` reads files; another
 * source (syncing from a live deployment) implements the same members.
 * Emits "engine" (engine, { version, loadedAt, reason, ms }), "reload-failed" (error, reason)
 * and "unchanged" ({ version, reason, ms }) when a reload finds nothing new (`ms`: the reload's time).
 * Engines handed out belong to the service, which frees them once drained.
 */
export interface EngineSource extends EventEmitter {
  start(): Promise<void>;
  current(): EngineState | null;
  /** Seconds since the source last knew its engine current (Infinity before the first load). */
  ageSeconds(): number;
  reload(reason?: string): Promise<{ ok: boolean; error?: unknown }>;
  close(): void;
}

export interface FileEngineSourceOptions {
  /** `PolicyEngine` of `require("orgpolicy")` and `loadConfig` of `require("orgpolicy/config")`. */
  orgpolicy: { PolicyEngine: typeof PolicyEngine; loadConfig: (sources: { env?: string; helmValues?: string }) => { config: unknown; warnings: { key: string; line?: number; message: string }[] } };
  /** Directory JSON file. */
  directory: string;
  /** Docker `.env` with the instance switches. */
  env?: string;
  /** Helm `values.yaml` with the instance switches. */
  helmValues?: string;
  /** Reload when a file changes (default true). */
  watch?: boolean;
  debounceMs?: number;
  onWarning?: (warning: { key: string; line?: number; message: string }) => void;
}

/**
 * The base of both sources: engine state, age, reloads that never overlap
 * (calls during one are folded into one more). A subclass implements
 * `start()` and `loadOnce(reason)`, which calls `publish(engine, reason)` or
 * `confirm(reason)`, or throws.
 */
export declare class EngineSource extends EventEmitter {
  constructor();
  protected loadOnce(reason: string): Promise<{ ok: true; changed: boolean }>;
  protected publish(engine: PolicyEngine, reason: string): { ok: true; changed: true };
  protected confirm(reason: string): { ok: true; changed: false };
}

/** Reads the directory (and `.env` / `values.yaml`) files; reloads on change. */
export declare class FileEngineSource extends EventEmitter {
  constructor(options: FileEngineSourceOptions);
}
// The class has the members of EngineSource (declaration merging).
export interface FileEngineSource extends EngineSource {}

export interface LangSmithEngineSourceOptions {
  /** `PolicyEngine` of `require("orgpolicy")` (its `fromApi` builds engines) and `loadConfig` of `require("orgpolicy/config")`. */
  orgpolicy: FileEngineSourceOptions["orgpolicy"];
  /** The deployment's URL (`https://langsmith.example.com`, with or without `/api/v1`). */
  baseUrl: string;
  /** One org-admin key per organization read. */
  orgs: OrgSource[];
  /** Docker `.env` with the instance switches (reread on each refresh). */
  env?: string;
  /** Helm `values.yaml` with the instance switches (reread on each refresh). */
  helmValues?: string;
  /** Seconds between refreshes (default 60). */
  intervalSeconds?: number;
  /** More connector options: timeoutMs, concurrency, pageSize, retries, backoffMs, maxBackoffMs, fetch, defaultOrgId. */
  connector?: Omit<FetchOptions, "baseUrl" | "orgs" | "onEvent">;
  onWarning?: (warning: { key: string; line?: number; message: string }) => void;
  /** The connector's progress and failures (requests, retries, pages). */
  onEvent?: (event: ConnectorEvent) => void;
}

/**
 * Reads the directory from a live deployment with the connector
 * (`orgpolicy/langsmith`), every `intervalSeconds` and on `reload()`; a failed
 * refresh keeps the last good engine, one that finds no change keeps the
 * engine and resets its age.
 */
export declare class LangSmithEngineSource extends EngineSource {
  constructor(options: LangSmithEngineSourceOptions);
}
export interface LangSmithEngineSource extends EngineSource {}

export interface SessionVerifierOptions {
  /** HS256 secret: the deployment's basic-auth JWT secret. */
  secret?: string;
  /** RS256/ES256 keys from this issuer's `/.well-known/openid-configuration`. */
  oidcIssuer?: string;
  /** RS256/ES256 keys from this JWKS URL (instead of discovery). */
  jwksUrl?: string;
  /** Required `iss` (default: `oidcIssuer`). */
  issuer?: string;
  /** Required `aud`. */
  audience?: string;
  /** Claim holding the user id (default `sub`). */
  userClaim?: string;
  clockToleranceSeconds?: number;
  jwksCooldownSeconds?: number;
  jwksCacheMaxAgeSeconds?: number;
  fetchTimeoutMs?: number;
}

export type SessionVerifier = (token: string) => Promise<{ userId: string } | { error: string }>;

/** `null` when neither a secret nor an issuer / JWKS is configured. */
export declare function createSessionVerifier(options?: SessionVerifierOptions): SessionVerifier | null;

/** Route-table file contents (`[route...]` or `{ routes: [...] }`) to the routes tried before the preset. */
export declare function readRouteTable(doc: unknown, where?: string): RouteSpec[];

export interface AuthzMetrics {
  registry: { metrics(): Promise<string>; contentType: string };
  decisions: { inc(labels: { protocol: string; code: string; route: string }, value?: number): void };
  latency: { observe(labels: { protocol: string }, seconds: number): void };
  reloads: { inc(labels: { result: "ok" | "failed" }, value?: number): void };
}

/** prom-client metrics on their own registry (pass the `prom-client` module). */
export declare function createMetrics(promClient: unknown, source: EngineSource): AuthzMetrics;

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface AuthzServiceOptions {
  source: EngineSource;
  /** The platform's route table (default "langsmith"); `null` for `routes` alone. */
  preset?: "langsmith" | null;
  /** Routes tried before the preset's. */
  routes?: RouteSpec[];
  verifySession?: SessionVerifier | null;
  /** A pino logger (or anything with the same four methods). */
  logger: Logger;
  metrics?: AuthzMetrics;
  /** `/auth` (nginx): header with the original URI (default `x-original-uri`). */
  uriHeader?: string;
  /** `/auth` (nginx): header with the original method (default `x-original-method`). */
  methodHeader?: string;
  /** Envoy ext_authz path prefix (default `/check`). */
  envoyPrefix?: string;
  /** Longest request target (default 8192). */
  maxUriLength?: number;
  /** Longest credential / tenant header (default 8192). */
  maxHeaderLength?: number;
  /** Once the source's age passes this, `/readyz` fails and every request is answered 503 `DIRECTORY_STALE` (0: never). */
  maxStalenessSeconds?: number;
  /** Enables `POST /admin/reload` with `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  shutdownTimeoutMs?: number;
}

export interface AuthzDecision {
  ok: boolean;
  status?: number;
  code: string;
  message?: string;
  route?: string;
  orgId?: string | null;
  workspaceId?: string | null;
  userId?: string | null;
  credential?: string | null;
}

export interface AuthzService {
  /** Not listening yet: call `server.listen(port, host)`. */
  server: Server;
  /** Stops accepting, waits for requests in flight, frees the engine. */
  close(): Promise<void>;
  /** One decision without HTTP; `headers` lower-case names, a string or the repeated values. */
  decide(method: string, target: string, headers: Record<string, string | string[] | undefined>): Promise<AuthzDecision>;
  readiness(): { ready: boolean; reason?: string; version?: number; ageSeconds?: number };
  /** The middleware authorizer deciding (its `setEngine` is driven by the source). */
  guard: { readonly routes: ReadonlyArray<{ label: string }> };
}

export declare function createAuthzService(options: AuthzServiceOptions): AuthzService;

/** Response headers of an allowed answer (lower case). */
export declare const RESULT_HEADERS: {
  orgId: "x-orgpolicy-org-id";
  workspaceId: "x-orgpolicy-workspace-id";
  userId: "x-orgpolicy-user-id";
  credential: "x-orgpolicy-credential";
  route: "x-orgpolicy-route";
  code: "x-orgpolicy-code";
};
