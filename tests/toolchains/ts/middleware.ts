// The middleware's declarations through the package name.
import { createGuard } from "orgpolicy/middleware";
import { PolicyEngine } from "orgpolicy";

const engine = new PolicyEngine({}, '{"orgs":[]}');
export const guard = createGuard({ engine, preset: "langsmith" });
// @ts-expect-error: unknown preset
createGuard({ engine, preset: "other" });
