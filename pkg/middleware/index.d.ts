// Types of orgpolicy's gateway middleware (`orgpolicy/middleware`).
import type {
  ApiRequest,
  OperationScope,
  PermissionName,
  ReasonCode,
  RequestDecision,
} from "../node/orgpolicy.js";

/**
 * What the guard needs from an engine: `PolicyEngine` from `orgpolicy`
 * (Node or web build) satisfies it. `free` is called when the guard retires
 * an engine it owns (see `GuardControls.setEngine`).
 */
export interface RequestAuthorizer {
  authorizeRequest(request: ApiRequest): RequestDecision;
  free?(): void;
}

/** One entry of the route table: method + path pattern → the operation it needs. */
export interface RouteSpec {
  /** `"GET"`, `["GET", "POST"]`; omitted or `"*"`: any method. A GET route also answers HEAD. */
  method?: string | readonly string[] | null;
  /**
   * A path pattern: literal segments, `:name` parameters (one non-empty
   * segment each) and a final `*` (the rest of the path, possibly empty).
   * Matched against the percent-decoded path; a trailing `/` is ignored.
   */
  path: string;
  /** `"workspace"` needs `X-Tenant-Id` (or a key's own workspace), `"user"` a session. */
  scope: OperationScope;
  /** Omitted: `organization:read` (org) or `workspaces:read` (workspace); not allowed on user routes. */
  permission?: PermissionName | null;
  /** A label for logs and `context.route`; default `"GET /api/v1/runs/:id"`. */
  name?: string;
}

/** Where credentials are read from, and how bearer tokens are verified. */
export interface CredentialOptions {
  /**
   * Turns an `Authorization: Bearer <token>` into a user id (or `null` to
   * reject it: 401 `INVALID_CREDENTIAL`; throwing counts as a rejection).
   * No JWT verification is built in: without this option bearer tokens are
   * refused. The second argument is the original request (a Fetch `Request`
   * or a Node `IncomingMessage`).
   */
  verifySession?: (token: string, request: Request | NodeRequestLike) => string | null | undefined | Promise<string | null | undefined>;
  /** Header names (case-insensitive); defaults: `x-api-key`, `x-organization-id`, `x-tenant-id`, `authorization`. */
  headers?: {
    apiKey?: string;
    organization?: string;
    tenant?: string;
    authorization?: string;
  };
}

interface GuardOptionsBase {
  routes: readonly RouteSpec[];
  credentials?: CredentialOptions;
  /**
   * A request matching no route: `"reject"` (default) answers 404
   * `ROUTE_NOT_FOUND` (405 `METHOD_NOT_ALLOWED` when only the method
   * differs); `"pass"` lets it through unauthorized with a null context.
   * Use `"pass"` only when the upstream enforces its own authorization.
   */
  unknownRoute?: "reject" | "pass";
  /** Called with engine failures (answered 500 `GUARD_ERROR`) and verifier errors; default: `console.error`. */
  onError?: (error: unknown, where: "authorizeRequest" | "verifySession" | "next") => void;
}

/**
 * The guard owns `engine`: routes are checked against it at once (unknown
 * permissions throw `GuardConfigError`), `setEngine` swaps it, and a retired
 * engine is `free()`d once its in-flight requests finish (unless
 * `freeOnSwap: false` or `setEngine(next, { free: false })`).
 */
export interface GuardOptionsWithEngine extends GuardOptionsBase {
  engine: RequestAuthorizer;
  getEngine?: never;
  /** Free retired engines (default true). */
  freeOnSwap?: boolean;
}

/**
 * `getEngine` is called once per request; the request keeps that engine to
 * the end. The caller owns these engines and frees them (not before the
 * requests using them finish). `setEngine` is not available.
 */
export interface GuardOptionsWithGetter extends GuardOptionsBase {
  getEngine: (request: Request | NodeRequestLike) => RequestAuthorizer | Promise<RequestAuthorizer>;
  engine?: never;
}

export type GuardOptions = GuardOptionsWithEngine | GuardOptionsWithGetter;

/** What a request that passed the guard resolved to. */
export interface GuardContext {
  /** The organization the request acts in; `null` on user-only routes and pass-through. */
  orgId: string | null;
  /** The workspace (from `X-Tenant-Id` or the key's own workspace); `null` unless workspace-scoped. */
  workspaceId: string | null;
  /** The user (PAT or session); `null` for service keys and pass-through. */
  userId: string | null;
  /** `null` on pass-through. */
  credential: "apiKey" | "session" | null;
  /** The matched route's label; `null` on pass-through. */
  route: string | null;
  /** Path parameters (`:id` → `params.id`, `*` → `params["*"]`). */
  params: Record<string, string>;
  /** The engine's decision; `null` on pass-through. */
  decision: RequestDecision | null;
}

export interface GuardPass extends GuardContext {
  ok: true;
}

export interface GuardDenial {
  ok: false;
  /** 401 / 403 (engine denials), 404 / 405 (routing), 400, 500; JSON body `GuardErrorBody`. */
  response: Response;
}

export type GuardResult = GuardPass | GuardDenial;

/** The JSON body of every denial. */
export interface GuardErrorBody {
  code: ReasonCode | "ROUTE_NOT_FOUND" | "METHOD_NOT_ALLOWED" | "BAD_REQUEST" | "GUARD_ERROR";
  message: string;
}

/** The context handed to `guard.handle`'s `next` and set as `req.orgpolicy`: with the engine the request holds. */
export interface HandlerContext extends GuardPass {
  /** Valid until the handler's promise settles (Express: until the response closes). */
  engine: RequestAuthorizer;
}

export interface GuardControls {
  /**
   * Swaps the engine for requests that start from now on. Requests in
   * flight keep theirs; the old one is freed once they finish (unless
   * `free: false`). The promise resolves then. Routes are checked against
   * `next` first (throws `GuardConfigError`, keeping the old engine).
   */
  setEngine(next: RequestAuthorizer, options?: { free?: boolean }): Promise<void>;
  /** Retires the current engine (freed after in-flight requests unless `free: false`). */
  close(options?: { free?: boolean }): Promise<void>;
  /** The engine new requests get (`null` with `getEngine`). */
  readonly engine: RequestAuthorizer | null;
  /** The compiled route table. */
  readonly routes: ReadonlyArray<{ label: string; operation: { scope: OperationScope; permission?: PermissionName } }>;
}

export interface FetchGuard extends GuardControls {
  (request: Request): Promise<GuardResult>;
  /** Runs `next` on pass-through and returns its response; a denial's response otherwise. */
  handle(request: Request, next: (request: Request, context: HandlerContext) => Response | Promise<Response>): Promise<Response>;
}

/** The parts of a Node / Express request the adapter reads and writes. */
export interface NodeRequestLike {
  method?: string;
  url?: string;
  /** Express's full URL under mounted routers; preferred over `url`. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  orgpolicy?: HandlerContext;
}

/** The parts of a Node / Express response the adapter uses. */
export interface NodeResponseLike {
  statusCode: number;
  headersSent?: boolean;
  writableFinished?: boolean;
  destroyed?: boolean;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  end(chunk?: string): unknown;
  once?(event: "close", listener: () => void): unknown;
}

export interface ExpressGuard extends GuardControls {
  (req: NodeRequestLike, res: NodeResponseLike, next: (error?: unknown) => void): void;
}

/** A bad route table or options (`code: "GUARD_CONFIG_INVALID"`, `path`: the option at fault). */
export class GuardConfigError extends Error {
  constructor(message: string, path?: string);
  readonly name: "GuardConfigError";
  readonly code: "GUARD_CONFIG_INVALID";
  readonly path: string | null;
}

/** A Fetch-API guard (Node 18+, Deno, Bun, workers). */
export function createGuard(options: GuardOptions): FetchGuard;

/** An Express / Connect middleware over the same logic; also works on plain `node:http`. */
export function expressGuard(options: GuardOptions): ExpressGuard;

declare global {
  // Adds `req.orgpolicy` to Express's Request when @types/express is present.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      orgpolicy?: HandlerContext;
    }
  }
}
