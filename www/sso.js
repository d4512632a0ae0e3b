// The SSO first-login simulator.
import { LOGIN_PATH_LABEL, ORG_ROLE_LABEL, SWITCHES } from "./labels.js";
import { applied } from "./config-panel.js";
import { $, codeEl, errorBlock, h, rich } from "./dom.js";
import { orgName, state, wsName, wsRoleLabel } from "./state.js";

export function renderSsoNote() {
  const mode = applied().authMode;
  const preview = $("sso-preview");
  if (mode === "oauth") {
    $("sso-mode-note").textContent = "Auth mode is oauth: logins follow existing access → invite → JIT → denied.";
    preview.checked = false;
    preview.disabled = true;
  } else {
    $("sso-mode-note").textContent = `Auth mode is ${mode}: first login only provisions with OAuth SSO. Tick the preview to try it.`;
    preview.disabled = false;
  }
}

export function membershipItem(m) {
  const wss = m.workspaces.map((w) => `${wsName(w.workspaceId)}: ${wsRoleLabel(m.orgId, w.role)}`).join(", ");
  return h(
    "li",
    {},
    h("strong", {}, orgName(m.orgId)),
    ` as ${ORG_ROLE_LABEL[m.orgRole] ?? m.orgRole}`,
    wss ? ` · ${wss}` : "",
    h("span", { class: "badge" }, `via ${m.source.replace("_", " ")}`),
  );
}

export function groupResolution(title, res, orgId) {
  return h(
    "div",
    { class: "groups" },
    h("h3", {}, title),
    h(
      "p",
      {},
      "Org role: ",
      h("strong", {}, res.orgRole ? ORG_ROLE_LABEL[res.orgRole] : "none"),
      res.workspaces.length ? " · " : "",
      res.workspaces.map((w, i) => [i ? ", " : "", `${wsName(w.workspaceId)}: ${wsRoleLabel(orgId, w.role)}`]),
    ),
    res.matched.length ? h("p", { class: "small" }, "Matched: ", res.matched.map((g, i) => [i ? ", " : "", h("code", {}, g)])) : null,
    res.skipped.length
      ? h("p", { class: "small" }, "Skipped: ", res.skipped.map((s, i) => [i ? ", " : "", h("code", {}, s.name), ` (${s.reason.replace(/_/g, " ")})`]))
      : null,
  );
}

export function simulateLogin(ev) {
  ev.preventDefault();
  const out = $("sso-result");
  out.replaceChildren();
  const email = $("sso-email").value.trim();
  const groups = $("sso-groups")
    .value.split(/\r?\n/)
    .map((g) => g.trim())
    .filter(Boolean);
  const preview = $("sso-preview").checked && applied().authMode !== "oauth";
  let engine = state.engine;
  try {
    if (preview) {
      const a = applied();
      const cfg = { authMode: "oauth" };
      for (const k of SWITCHES) cfg[k] = a[k];
      engine = state.engine.withConfig(cfg);
    }
    const res = engine.firstLogin({ email, groups });
    out.append(
      h(
        "p",
        { class: res.allowed ? "summary" : "summary denied" },
        h("span", { class: `path path-${res.path}` }, LOGIN_PATH_LABEL[res.path] ?? res.path),
        " ",
        codeEl(res.code),
        " ",
        rich(res.message),
      ),
    );
    if (res.memberships.length) out.append(h("ul", { class: "memberships" }, res.memberships.map(membershipItem)));
    const home = state.dir.defaultOrgId ?? state.org;
    if (res.groupsSync) out.append(groupResolution("Groups sync", res.groupsSync, home));
    else if (groups.length && home) out.append(groupResolution(`Group names resolved in ${orgName(home)}`, engine.resolveGroups(home, groups), home));
  } catch (e) {
    out.append(errorBlock(e));
  } finally {
    if (engine !== state.engine) engine.free();
  }
}
