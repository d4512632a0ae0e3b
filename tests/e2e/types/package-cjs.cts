// Compiled (not run) by tests/e2e/middleware-types.test.mjs through the
// package name, as a CommonJS consumer resolves it (`require` condition:
// index.d.ts for index.js).
import middleware = require("orgpolicy/middleware");

const table = middleware.createRouteTable(null, { preset: "langsmith" });
const c = middleware.canonicalize({ method: "GET", url: "/api/v1/runs/1?x=1" });
if (c.ok) {
  const m = middleware.matchRoute(table, c.method, c.segments);
  const permission: string | undefined = m.route?.operation.permission;
  void permission;
} else {
  const status: number = c.status;
  void status;
}
export const codes: readonly string[] = Object.keys(middleware.CANONICAL_CODES);
