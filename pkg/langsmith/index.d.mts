// orgpolicy/langsmith: the directory read from a running deployment's REST API.

/** What `PolicyEngine.fromApi` needs of the engine class (pass `PolicyEngine` from `orgpolicy`). */
export interface EngineClass<E> {
  fromApi(config: object, documents: ApiDocuments | string): E;
}

/** One organization to read: its id (sent as `X-Organization-Id`) and an org-admin key (`X-API-Key`). */
export interface OrgSource {
  orgId: string;
  apiKey: string;
}

// The documents type is the core's (`directoryFromApi`, `PolicyEngine.fromApi`).
import type { ApiDocuments, OrgApiDocuments } from "../web/orgpolicy.js";
export type { ApiDocuments, OrgApiDocuments };

/** Progress and failures, never printed: `onEvent` receives them. */
export type ConnectorEvent =
  | { type: "response"; org: number; endpoint: string; url: string; status: number; attempt: number; ms: number }
  | { type: "retry"; org: number; endpoint: string; url: string; code: string; status: number | null; attempt: number; delayMs: number }
  | { type: "failed"; org: number; endpoint: string; url: string; code: string; status: number | null; attempt: number }
  | { type: "page"; org: number; endpoint: string; offset: number; count: number }
  | ({ type: "fetched" } & FetchStats)
  | ({ type: "refreshed" } & RefreshSuccess)
  | { type: "refreshFailed"; error: unknown; keptEngine: boolean; stale: boolean };

export interface FetchOptions {
  /** The deployment's URL (`https://langsmith.example.com`, with or without `/api/v1`). */
  baseUrl: string;
  orgs: OrgSource[];
  /** The SSO default organization (instance configuration). */
  defaultOrgId?: string;
  /** Defaults to the runtime's `fetch`. */
  fetch?: typeof fetch;
  /** Per request (default 10 000). */
  timeoutMs?: number;
  /** Requests on the wire at once (default 4). */
  concurrency?: number;
  /** `limit` of the paged member lists (default 500, the API's maximum). */
  pageSize?: number;
  /** Retries after the first attempt on 429, 5xx, network errors and timeouts (default 3). */
  retries?: number;
  /** First backoff, doubled per attempt (default 250). */
  backoffMs?: number;
  /** Cap on a backoff or a `Retry-After` wait (default 10 000). */
  maxBackoffMs?: number;
  onEvent?: (event: ConnectorEvent) => void;
}

export interface FetchStats {
  requests: number;
  retries: number;
  /** Characters of JSON received. */
  bytes: number;
  ms: number;
}

export function fetchDocuments(options: FetchOptions): Promise<{ documents: ApiDocuments; stats: FetchStats }>;

/** `GET /api/v1/...` of each documents key. */
export const endpoints: Readonly<Record<keyof OrgApiDocuments, string>>;

/** Retry-After (seconds or an HTTP date) in milliseconds; `null` when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now?: number): number | null;

/** `code`: `NETWORK_ERROR`, `TIMEOUT`, `HTTP_ERROR`, `INVALID_JSON`, `DIRECTORY_STALE`, `CONNECTOR_OPTIONS_INVALID`. */
export class ConnectorFetchError extends Error {
  name: "ConnectorFetchError";
  code: string;
  endpoint: string | null;
  status: number | null;
  attempts: number | null;
}

export const DIRECTORY_STALE: "DIRECTORY_STALE";

export interface SyncOptions<E> extends FetchOptions {
  PolicyEngine: EngineClass<E>;
  /** The instance configuration (`InstanceConfigInput`). */
  config: object;
  /** Between refreshes (default 60 000). */
  intervalMs?: number;
  /** Past this age without a successful refresh the guard answers 503 (default 5 x intervalMs). */
  maxStalenessMs?: number;
  now?: () => number;
}

export interface RefreshSuccess extends FetchStats {
  ok: true;
  /** `false`: the deployment answered exactly as before; the engine was kept. */
  changed: boolean;
  fetchMs: number;
  /** Map and build in the engine (0 when unchanged). */
  buildMs: number;
}

export type RefreshResult = RefreshSuccess | { ok: false; changed: false; error: unknown };

export interface SyncStatus {
  /** Milliseconds since the last successful refresh; `null` before the first. */
  ageMs: number | null;
  stale: boolean;
  lastSuccessAt: number | null;
  lastError: unknown;
  refreshing: boolean;
  memberCount: number | null;
  maxStalenessMs: number;
  refreshes: number;
  failures: number;
  unchanged: number;
  swaps: number;
}

export interface DirectorySync<E> {
  refresh(): Promise<RefreshResult>;
  start(): Promise<RefreshResult>;
  stop(): void;
  acquire(): { engine: E; release(): void };
  /** For the guard's `getEngine` option. */
  getEngine(): E;
  status(): SyncStatus;
}

export function createSync<E>(options: SyncOptions<E>): DirectorySync<E>;
