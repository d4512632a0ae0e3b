// Types of orgpolicy's gateway middleware (`orgpolicy/middleware`), for the
// CommonJS implementation index.js; index.d.mts re-exports them for index.mjs.
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

/** A route's scope: the engine's three, or `"public"` (let through without a credential or engine check). */
export type RouteScope = OperationScope | "public";

/** One entry of the route table: method + path pattern → the operation it needs. */
export interface RouteSpec {
  /** `"GET"`, `["GET", "POST"]`; omitted or `"*"`: any method. A GET route also answers HEAD. */
  method?: string | readonly string[] | null;
  /**
   * A path pattern: literal segments, `:name` parameters (one non-empty
   * segment each) and a final `*` (the rest of the path, possibly empty).
   * Matched against the canonical (percent-decoded) path; a trailing `/` is ignored.
   */
  path: string;
  /**
   * `"workspace"` needs `X-Tenant-Id` (or a key's own workspace), `"org"` an
   * org member or key, `"user"` a session; `"public"` routes are let through
   * unauthenticated (the platform serves them without a credential).
   */
  scope: RouteScope;
  /** Omitted: `organization:read` (org) or `workspaces:read` (workspace); not allowed on user or public routes. */
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

/** Limits checked before matching (defaults 8192 each). */
export interface GuardLimits {
  /** Longest request target (path and query) accepted; longer: 414 `URI_TOO_LONG`. */
  maxUrlLength?: number;
  /** Longest credential / scope header accepted; longer: 431 `HEADER_TOO_LONG`. */
  maxHeaderLength?: number;
}

/** Built-in route tables: `"langsmith"` is the platform's whole API, generated from its openapi.json. */
export type RoutePreset = "langsmith";

/**
 * The route table: `routes`, `preset`, or both. Routes are tried in order;
 * with a preset, `routes` are tried first: they add routes or override the
 * preset's for the same path.
 */
export type RouteSource =
  | { routes: readonly RouteSpec[]; preset?: RoutePreset }
  | { routes?: readonly RouteSpec[] | undefined; preset: RoutePreset };

interface GuardOptionsBase {
  /**
   * CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`):
   * `"pass"` (default) lets it through unauthenticated when the requested
   * method and path match a route; `"reject"` treats it as any other OPTIONS.
   */
  preflight?: "pass" | "reject";
  limits?: GuardLimits;
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

export type GuardOptions = (GuardOptionsWithEngine | GuardOptionsWithGetter) & RouteSource;

/** Codes of requests let through without the engine. */
export type PassCode = "PUBLIC_ROUTE" | "PREFLIGHT" | "UNKNOWN_ROUTE_PASSED";

/** Codes of requests refused before matching (canonicalization), with their statuses in `CANONICAL_CODES`. */
export type CanonicalCode =
  | "BAD_METHOD"
  | "BAD_REQUEST_TARGET"
  | "PATH_INVALID_CHARACTER"
  | "PATH_BACKSLASH"
  | "PATH_MALFORMED_ESCAPE"
  | "PATH_INVALID_UTF8"
  | "PATH_ENCODED_SEPARATOR"
  | "PATH_CONTROL_CHARACTER"
  | "PATH_DOUBLE_ENCODED"
  | "PATH_DOT_SEGMENT"
  | "PATH_EMPTY_SEGMENT"
  | "URI_TOO_LONG"
  | "HEADER_TOO_LONG"
  | "DUPLICATE_HEADER";

/** Codes the guard answers with itself (routing, verifier, engine failure). */
export type GuardCode = "ROUTE_NOT_FOUND" | "METHOD_NOT_ALLOWED" | "GUARD_ERROR" | "INVALID_CREDENTIAL";

/** What a request that passed the guard resolved to. */
export interface GuardContext {
  /** The engine's code (`ALLOWED`), or why the engine was not asked. */
  code: ReasonCode | PassCode;
  /** The organization the request acts in; `null` on user-only routes and pass-through. */
  orgId: string | null;
  /** The workspace (from `X-Tenant-Id` or the key's own workspace); `null` unless workspace-scoped. */
  workspaceId: string | null;
  /** The user (PAT or session); `null` for service keys and pass-through. */
  userId: string | null;
  /** `null` on pass-through. */
  credential: "apiKey" | "session" | null;
  /** The matched route's label; `null` for an unknown route passed through. */
  route: string | null;
  /** The matched route's operation; `null` for an unknown route passed through. */
  operation: { scope: RouteScope; permission?: PermissionName } | null;
  /** Path parameters (`:id` → `params.id`, `*` → `params["*"]`). */
  params: Record<string, string>;
  /** The engine's decision; `null` when the engine was not asked (see `code`). */
  decision: RequestDecision | null;
}

export interface GuardPass extends GuardContext {
  ok: true;
}

export interface GuardDenial {
  ok: false;
  /** 401 / 403 (engine denials), 404 / 405 (routing), 400 / 414 / 431 (canonicalization), 500; JSON body `GuardErrorBody`. */
  response: Response;
}

export type GuardResult = GuardPass | GuardDenial;

/** The JSON body of every denial. */
export interface GuardErrorBody {
  code: ReasonCode | GuardCode | CanonicalCode;
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
  readonly routes: ReadonlyArray<{ label: string; operation: { scope: RouteScope; permission?: PermissionName } }>;
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
  /** Node's repeated headers kept apart; preferred over `headers` when present. */
  headersDistinct?: Record<string, string[] | undefined>;
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

/** Headers as a Fetch `Headers`, a Node-style object, or a getter. */
export type HeaderSource =
  | Headers
  | Record<string, string | readonly string[] | undefined>
  | ((name: string) => string | readonly string[] | null | undefined);

/** A request as a forward-auth service sees it. */
export interface RequestView {
  /** Required (a missing method is refused 400 `BAD_METHOD`, never taken for GET); case-sensitive (`get` is refused too). */
  method: string;
  /** A request target (`/path?query`) or an absolute URL. */
  url: string;
  headers?: HeaderSource;
  /** Handed to `verifySession` and `getEngine` (default: the view itself). */
  raw?: Request | NodeRequestLike;
}

/** A refusal before the engine: `{ ok: false, status, code, message }`. */
export interface CanonicalRefusal {
  ok: false;
  status: number;
  code: CanonicalCode;
  message: string;
}

/** A request after canonicalization. */
export interface CanonicalRequest {
  ok: true;
  method: string;
  /** `method`, with HEAD as GET. */
  matchMethod: string;
  /** The raw path, as sent (no query). */
  path: string;
  /** The decoded path segments matched against the routes (a trailing `/` dropped). */
  segments: string[];
  /** The raw query (without `?`); never part of the decision. */
  query: string;
  /** The method a CORS preflight asks for (`null` unless OPTIONS with `Origin` and `Access-Control-Request-Method`). */
  preflight: string | null;
  /** The single values of the headers the guard reads (`null` when absent or blank). */
  headers: { apiKey: string | null; authorization: string | null; organization: string | null; tenant: string | null };
}

/** What `createAuthorizer().authorize` resolves to. */
export type AuthorizeResult =
  | { ok: true; context: GuardContext }
  | { ok: false; status: number; code: ReasonCode | GuardCode | CanonicalCode; headers: Record<string, string>; body: GuardErrorBody };

export interface Authorizer extends GuardControls {
  /** Decides one request; never throws on request data (engine failures: 500 `GUARD_ERROR`). */
  authorize(request: RequestView): Promise<AuthorizeResult>;
}

/** A compiled route table (opaque; pass it to `matchRoute`). */
export interface RouteTable {
  readonly routes: ReadonlyArray<{ label: string; path: string; methods: readonly string[] | null; operation: { scope: RouteScope; permission?: PermissionName } }>;
}

/** One route of the generated platform table. */
export interface PresetRoute {
  method: string;
  path: string;
  scope: RouteScope;
  permission?: PermissionName;
  /** The spec operations this route covers (two when an ingestion path and an API path coincide). */
  operationIds: string[];
  /** The spec paths, before mounting under /api. */
  specPaths: string[];
  /** Which part of the mapping rule (or which exception) gave this route. */
  rule: string;
}

/** An operation of the spec the table does not cover, and why. */
export interface UnmappedOperation {
  method: string;
  path: string;
  specPath: string;
  operationId: string | null;
  tag: string | null;
  reason: "internal" | "no-permission-family" | "no-permission-for-action" | "no-scope-declared" | "no-security-declared" | "outside-api";
  why: string;
}

/** The generated table: counts, routes and the unmapped operations. */
export interface LangsmithTable {
  source: { title: string | null; version: string | null; operations: number };
  counts: {
    operations: number;
    mapped: number;
    routes: number;
    unmapped: number;
    routesByScope: Partial<Record<RouteScope, number>>;
    unmappedByReason: Partial<Record<UnmappedOperation["reason"], number>>;
  };
  routes: PresetRoute[];
  unmapped: UnmappedOperation[];
}

/** The protocol-neutral core, for forward-auth services (nginx auth_request, Caddy forward_auth, Envoy ext_authz). */
export function createAuthorizer(options: GuardOptions): Authorizer;

/** Canonicalizes a request as the guards do, without matching or deciding. */
export function canonicalize(request: RequestView, options?: { limits?: GuardLimits; headers?: CredentialOptions["headers"] }): CanonicalRequest | CanonicalRefusal;

/** Compiles a route table: `routes` first, then `options.preset`'s. Throws `GuardConfigError` naming a bad entry. */
export function createRouteTable(routes?: readonly RouteSpec[] | null, options?: { preset?: RoutePreset }): RouteTable;

/**
 * The first route matching `method` (HEAD as GET) and the canonical `segments`
 * (`canonicalize(...).segments`); with no match `route` is null and `allow`
 * lists the methods the path accepts.
 */
export function matchRoute(
  table: RouteTable,
  method: string,
  segments: readonly string[],
): { route: RouteTable["routes"][number] | null; params: Record<string, string> | null; allow: string[] };

/** The platform's generated route table (pkg/middleware/langsmith-routes.json), loaded on first use. */
export function langsmithTable(): LangsmithTable;

/** HTTP status of each canonicalization refusal. */
export const CANONICAL_CODES: Readonly<Record<CanonicalCode, number>>;
/** HTTP status of each code the guard answers with itself. */
export const GUARD_CODES: Readonly<Record<GuardCode, number>>;
/** Codes of requests let through without the engine. */
export const PASS_CODES: readonly PassCode[];

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
