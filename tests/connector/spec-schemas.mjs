// The component schemas of the platform's openapi.json that the stand-in's
// answers are checked against, with their transitive references and without
// prose (descriptions, titles, examples). tests/connector/spec-schemas.json
// is this function's output over the vendored spec; connector.test.mjs
// regenerates and compares it when the spec is at hand
// (ORGPOLICY_OPENAPI=path/to/openapi.json), so the copy cannot drift.
export const ROOTS = [
  "OrganizationInfo",
  "TenantForUser",
  "Role",
  "OrgMemberIdentity",
  "OrgPendingIdentity",
  "TenantMembers",
  "SSOProvider",
  "APIKeyGetResponse",
];

const PROSE = new Set(["description", "title", "example", "examples"]);

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (PROSE.has(k) && typeof v !== "object") continue;
    if (k === "examples") continue;
    out[k] = strip(v);
  }
  return out;
}

export function extract(openapi) {
  const all = openapi.components.schemas;
  const keep = {};
  const todo = [...ROOTS];
  while (todo.length) {
    const name = todo.pop();
    if (keep[name]) continue;
    keep[name] = strip(all[name]);
    JSON.stringify(keep[name]).replace(/#\/components\/schemas\/([A-Za-z0-9_.-]+)/g, (_, n) => todo.push(n));
  }
  const sorted = Object.fromEntries(Object.keys(keep).sort().map((k) => [k, keep[k]]));
  return { components: { schemas: sorted } };
}
