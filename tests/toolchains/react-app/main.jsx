// A React app as the README shows it: the engine from the directory the
// server hands the browser, a source that swaps engines on refresh, buttons
// enabled as the directory says.
import init, { PolicyEngine } from "orgpolicy";
import { Can, PolicyProvider, useCan, useCheck, usePermissions } from "orgpolicy/react";
import { createRoot } from "react-dom/client";

/** An engine source: `current()`, `subscribe()`, and a swap that frees the old engine. */
function engineSource(engine) {
  let current = engine;
  const listeners = new Set();
  return {
    current: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    swap(next) {
      const old = current;
      current = next;
      listeners.forEach((l) => l());
      old.free();
    },
  };
}

function ActionButton({ userId, permission }) {
  const allowed = useCan(permission, { userId });
  const decision = useCheck(permission, { userId });
  return (
    <button data-testid={`${userId}/${permission}`} disabled={!allowed} title={decision?.message}>
      {permission}
    </button>
  );
}

function Row({ userId, permissions }) {
  const effective = usePermissions({ userId });
  return (
    <li>
      <span data-testid={`${userId}/role`}>{effective?.workspaceRole ?? "none"}</span>
      {permissions.map((p) => (
        <ActionButton key={p} userId={userId} permission={p} />
      ))}
      <Can permission="workspaces:manage-members" userId={userId} fallback={<em data-testid={`${userId}/can`}>read only</em>}>
        <strong data-testid={`${userId}/can`}>manage</strong>
      </Can>
    </li>
  );
}

const { users, permissions, orgId, workspaceId } = await (await fetch("./app.json")).json();
await init();
const source = engineSource(new PolicyEngine({}, await (await fetch("./directory.json")).text()));
window.swapDirectory = (text) => source.swap(new PolicyEngine({}, text));

createRoot(document.getElementById("root")).render(
  <PolicyProvider engine={source} orgId={orgId} workspaceId={workspaceId}>
    <ul>
      {users.map((u) => (
        <Row key={u} userId={u} permissions={permissions} />
      ))}
    </ul>
  </PolicyProvider>,
);
