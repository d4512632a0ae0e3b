// The directory editor, the reason-code list and the status line; rendering every panel.
import { PolicyEngine } from "../pkg/web/orgpolicy.js";
import { SWITCHES, SWITCH_LABEL } from "./labels.js";
import { applied, renderSwitches, renderWhatIf } from "./config-panel.js";
import { renderContext } from "./context.js";
import { $, errorBlock, h } from "./dom.js";
import { renderInviteForm } from "./invites.js";
import { renderMatrix } from "./matrix.js";
import { loadPermissionNames, renderApiForm } from "./requests.js";
import { renderSsoNote } from "./sso.js";
import { indexDirectory, state } from "./state.js";

export function loadDirectory(text, config) {
  const engine = new PolicyEngine(config, text);
  const dir = JSON.parse(text);
  if (state.engine) state.engine.free();
  state.engine = engine;
  state.dir = dir;
  state.draft = { ...engine.config };
  indexDirectory(dir);
  loadPermissionNames();
}

export function loadDirectoryFromForm() {
  const out = $("directory-result");
  out.replaceChildren();
  try {
    loadDirectory($("directory-text").value, applied());
  } catch (e) {
    out.append(errorBlock(e));
    return;
  }
  out.append(h("p", { class: "ok-note" }, `Loaded: ${state.dir.orgs.length} organizations, ${state.engine.memberCount} members.`));
  $("invite-result").replaceChildren();
  $("sso-result").replaceChildren();
  $("api-result").replaceChildren();
  renderAll();
}

export function renderCodes() {
  $("codes-table").replaceChildren(
    h("caption", { class: "visually-hidden" }, "Every reason code and its meaning"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Code"), h("th", { scope: "col" }, "Meaning"))),
    h("tbody", {}, [...state.reasons].map(([code, meaning]) => h("tr", {}, h("th", { scope: "row" }, h("code", {}, code)), h("td", {}, meaning)))),
  );
}

export function renderStatus() {
  const a = applied();
  const on = SWITCHES.filter((k) => a[k]).map((k) => SWITCH_LABEL[k]);
  $("engine-status").textContent = `Engine ready · auth ${a.authMode} · ${state.dir.orgs.length} orgs, ${state.engine.memberCount} members · on: ${on.join(", ") || "none"}`;
}

export function renderAll() {
  renderContext();
  renderSwitches();
  renderWhatIf();
  renderMatrix();
  renderInviteForm();
  renderSsoNote();
  renderApiForm();
  renderStatus();
}
