// Compiled (not run) by tests/e2e/middleware-types.test.mjs through the
// package name, as an ES module consumer resolves it (`import` condition:
// index.d.mts for index.mjs).
import { createAuthorizer, createGuard, langsmithTable, type AuthorizeResult, type GuardContext } from "orgpolicy/middleware";
// @ts-expect-error: index.mjs has named exports only; a default import fails at run time, so it must not type-check
import middleware from "orgpolicy/middleware";
import { PolicyEngine } from "orgpolicy";

void middleware;
const engine = new PolicyEngine({}, '{"orgs":[]}');
const guard = createGuard({ engine, preset: "langsmith" });
const authz = createAuthorizer({ engine, preset: "langsmith", routes: [{ method: "GET", path: "/healthz", scope: "public" }] });
export async function check(): Promise<string> {
  const r: AuthorizeResult = await authz.authorize({ method: "GET", url: "/api/v1/datasets", headers: { "x-api-key": "k" } });
  if (r.ok) {
    const ctx: GuardContext = r.context;
    return ctx.code;
  }
  return `${r.status} ${r.body.code}`;
}
const n: number = langsmithTable().counts.operations;
void [guard, n];
// @ts-expect-error: unknown preset
createGuard({ engine, preset: "other" });
