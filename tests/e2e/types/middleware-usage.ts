// Compiled (not run) by tests/e2e/middleware-types.test.mjs: the middleware's
// declarations must accept real usage and reject misuse under `strict`.
import {
  createGuard,
  expressGuard,
  GuardConfigError,
  type ExpressGuard,
  type FetchGuard,
  type GuardErrorBody,
  type GuardResult,
  type HandlerContext,
  type NodeRequestLike,
  type NodeResponseLike,
  type RequestAuthorizer,
  type RouteSpec,
} from "../../../pkg/middleware/index.js";
import { PolicyEngine } from "../../../pkg/node/orgpolicy.js";

const engine = new PolicyEngine({ workspaceScopeOrgInvitesEnabled: true }, "{\"orgs\":[]}");
const asAuthorizer: RequestAuthorizer = engine;

const routes: RouteSpec[] = [
  { method: "GET", path: "/api/v1/runs/:id", scope: "workspace", permission: "runs:read" },
  { method: ["GET", "POST"], path: "/api/v1/orgs/current/*", scope: "org" },
  { path: "/api-key/current", scope: "user", name: "current-key" },
];

const guard: FetchGuard = createGuard({
  engine,
  routes,
  unknownRoute: "reject",
  credentials: {
    verifySession: async (token: string) => (token.startsWith("u:") ? token.slice(2) : null),
    headers: { tenant: "x-workspace-id" },
  },
  onError: (error: unknown, where) => {
    const w: "authorizeRequest" | "verifySession" | "next" = where;
    void error;
    void w;
  },
});

export async function handler(request: Request): Promise<Response> {
  const r: GuardResult = await guard(request);
  if (!r.ok) {
    const status: number = r.response.status;
    const body = (await r.response.clone().json()) as GuardErrorBody;
    void status;
    void body.code;
    return r.response;
  }
  const org: string | null = r.orgId;
  const ws: string | null = r.workspaceId;
  const user: string | null = r.userId;
  const id: string | undefined = r.params["id"];
  void [org, ws, user, id];
  return guard.handle(request, (req: Request, ctx: HandlerContext) => {
    const allowed: boolean = ctx.engine.authorizeRequest({ operation: { scope: "user" } }).allowed;
    return Response.json({ url: req.url, allowed, route: ctx.route });
  });
}

export async function swap(next: PolicyEngine): Promise<void> {
  await guard.setEngine(next);
  await guard.setEngine(next, { free: false });
  const current: RequestAuthorizer | null = guard.engine;
  void current;
  await guard.close();
}

const perRequest = createGuard({ getEngine: async () => asAuthorizer, routes });
void perRequest;

const mw: ExpressGuard = expressGuard({ engine, routes, freeOnSwap: false });
const req: NodeRequestLike = { method: "GET", url: "/api/v1/runs/1", headers: { "x-api-key": "pat-bob", "x-multi": ["a", "b"] } };
const res: NodeResponseLike = { statusCode: 200, setHeader: () => undefined, end: () => undefined };
mw(req, res, (err?: unknown) => {
  if (err) return;
  const ctx: HandlerContext | undefined = req.orgpolicy;
  void ctx?.workspaceId;
});

const e = new GuardConfigError("bad", "routes[0]");
const code: "GUARD_CONFIG_INVALID" = e.code;
const path: string | null = e.path;
void [code, path];

// ---- misuse the declarations must reject ----
// @ts-expect-error: both engine and getEngine
createGuard({ engine, getEngine: () => engine, routes });
// @ts-expect-error: scope must be org, workspace or user
createGuard({ engine, routes: [{ path: "/x", scope: "tenant" }] });
// @ts-expect-error: unknownRoute is "reject" or "pass"
createGuard({ engine, routes, unknownRoute: "allow" });
// @ts-expect-error: verifySession returns a user id, not a number
createGuard({ engine, routes, credentials: { verifySession: () => 42 } });
// @ts-expect-error: the guard takes a Fetch Request
void guard("/api/v1/runs/1");
// @ts-expect-error: a route table (routes or preset) is required
createGuard({ engine });
// @ts-expect-error: an engine needs authorizeRequest
createGuard({ engine: { free() {} }, routes });
