// The invite planner.
import { ORG_ROLE_LABEL, OUTCOME_LABEL } from "./labels.js";
import { option } from "./context.js";
import { $, codeEl, errorBlock, h, rich } from "./dom.js";
import { idx, state, whereLabel, wsRoleLabel } from "./state.js";

export function renderInviteForm() {
  $("invite-actor").textContent = idx.users.get(state.user) ?? "–";
  const org = idx.orgs.get(state.org);
  const sel = $("invite-target");
  const keep = sel.value;
  const target = keep === "" || (org?.workspaces ?? []).some((w) => w.id === keep) ? keep : null;
  const chosen = target ?? state.ws;
  sel.replaceChildren(
    option("", "The organization only", chosen === ""),
    ...(org?.workspaces ?? []).map((w) => option(w.id, `Workspace: ${w.name}`, w.id === chosen)),
  );
  const wsSel = $("invite-wsrole");
  const prev = wsSel.value;
  const roles = [
    ["", "(default)"],
    ["WORKSPACE_ADMIN", "Admin"],
    ["WORKSPACE_EDITOR", "Editor"],
    ["WORKSPACE_VIEWER", "Viewer"],
    ...(org?.roles ?? []).map((r) => [r.id, `${r.name} (custom)`]),
  ];
  wsSel.replaceChildren(...roles.map(([v, l]) => option(v, l, v === prev)));
}

export function planInvites(ev) {
  ev.preventDefault();
  const out = $("invite-result");
  out.replaceChildren();
  const emails = $("invite-emails")
    .value.split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (emails.length === 0) {
    out.append(h("p", { class: "note" }, "Enter at least one e-mail."));
    return;
  }
  const workspaceId = $("invite-target").value || null;
  const orgRole = $("invite-orgrole").value || null;
  const workspaceRole = $("invite-wsrole").value || null;
  const req = {
    actorId: state.user,
    orgId: state.org,
    workspaceId,
    invitees: emails.map((email) => ({ email, orgRole, workspaceRole: workspaceId ? workspaceRole : null })),
  };
  let plan;
  try {
    plan = state.engine.planInvites(req);
  } catch (e) {
    out.append(errorBlock(e));
    return;
  }
  const who = idx.users.get(state.user) ?? state.user;
  out.append(
    h(
      "p",
      { class: plan.allowed ? "summary" : "summary denied" },
      `${who} → ${whereLabel(state.org, workspaceId)}: `,
      plan.allowed ? null : [codeEl(plan.code), " "],
      rich(plan.message),
      plan.path ? ` (${plan.path}-level invite)` : null,
    ),
  );
  if (plan.invitees.length === 0) return;
  out.append(
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "results", id: "invite-table" },
        h("caption", { class: "visually-hidden" }, "Outcome per invitee"),
        h("thead", {}, h("tr", {}, ["E-mail", "Outcome", "Reason"].map((t) => h("th", { scope: "col" }, t)))),
        h(
          "tbody",
          {},
          plan.invitees.map((i) =>
            h(
              "tr",
              { dataset: { email: i.email, outcome: i.outcome } },
              h("th", { scope: "row" }, i.email),
              h(
                "td",
                {},
                h("span", { class: `outcome outcome-${i.outcome}` }, OUTCOME_LABEL[i.outcome] ?? i.outcome),
                i.orgRole || i.workspaceRole
                  ? h(
                      "span",
                      { class: "msg" },
                      [i.orgRole ? ORG_ROLE_LABEL[i.orgRole] : null, i.workspaceRole ? `${wsRoleLabel(state.org, i.workspaceRole)} in workspace` : null]
                        .filter(Boolean)
                        .join(" · "),
                    )
                  : null,
              ),
              h("td", { class: "reason" }, codeEl(i.code), h("span", { class: "msg" }, rich(i.message))),
            ),
          ),
        ),
      ),
    ),
  );
}
