// orgpolicy/react as an app uses it, under --strict.
import { Can, PolicyProvider, useCan, useCapabilities, useCheck, usePermissions, type EngineSource } from "orgpolicy/react";
import { PolicyEngine } from "orgpolicy";

function Run() {
  const allowed: boolean = useCan("runs:create");
  const decision = useCheck("runs:create", { workspaceId: "ws-1" });
  const role: string | null | undefined = usePermissions()?.workspaceRole;
  const rows = useCapabilities({ orgId: "org-default" });
  // @ts-expect-error: the user comes from the provider, not the capability scope
  useCapabilities({ userId: "u" });
  return (
    <button disabled={!allowed} title={decision?.message}>
      {role} {rows?.length} {decision?.code === "UNKNOWN_USER" ? "gone" : null}
    </button>
  );
}

let engine = new PolicyEngine({}, '{"orgs":[]}');
const listeners = new Set<() => void>();
const source: EngineSource = {
  current: () => engine,
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
engine = new PolicyEngine({}, '{"orgs":[]}');

export const app = (
  <PolicyProvider engine={source} userId="user-bob" orgId="org-default">
    <Run />
    <Can permission="runs:delete" fallback={(d) => <em>{d?.message ?? "loading"}</em>}>
      {(d) => <b>{d.code}</b>}
    </Can>
    <PolicyProvider engine={engine}>
      <Can permission="runs:read">ok</Can>
    </PolicyProvider>
    {/* @ts-expect-error: a permission is required */}
    <Can>nothing</Can>
  </PolicyProvider>
);
