// The context pickers: who, in which organization and workspace.
import { $, h } from "./dom.js";
import { idx, state } from "./state.js";

export function option(value, label, selected) {
  return h("option", { value, selected: selected || null }, label);
}

export function renderContext() {
  const users = [...idx.users.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  if (!idx.users.has(state.user)) state.user = users[0]?.[0] ?? null;
  $("ctx-user").replaceChildren(...users.map(([id, email]) => option(id, email, id === state.user)));

  const orgs = [...idx.orgs.values()];
  if (!idx.orgs.has(state.org)) state.org = state.dir.defaultOrgId && idx.orgs.has(state.dir.defaultOrgId) ? state.dir.defaultOrgId : orgs[0]?.id;
  $("ctx-org").replaceChildren(...orgs.map((o) => option(o.id, `${o.name}${o.personal ? " (personal)" : ""}`, o.id === state.org)));

  const org = idx.orgs.get(state.org);
  const wss = org?.workspaces ?? [];
  if (state.ws !== "" && !wss.some((w) => w.id === state.ws)) state.ws = wss[0]?.id ?? "";
  $("ctx-ws").replaceChildren(option("", "(organization only)", state.ws === ""), ...wss.map((w) => option(w.id, w.name, w.id === state.ws)));
}
