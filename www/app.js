// The orgpolicy demo: every answer on this page comes from the engine
// (PolicyEngine in WebAssembly); the page only collects inputs and renders.
import init, { reasonCodes } from "../pkg/web/orgpolicy.js";
// The .env / values.yaml readers: a module of their own, so the engine module stays small.
import initConfig from "../pkg/config/web/orgpolicy_config.js";
import { SWITCHES } from "./labels.js";
import { applyDraft, discardDraft, importConfig, modeDefaults, renderSwitches, renderWhatIf, setNote } from "./config-panel.js";
import { renderContext } from "./context.js";
import { loadDirectory, loadDirectoryFromForm, renderAll, renderCodes } from "./directory.js";
import { $, errorBlock } from "./dom.js";
import { planInvites, renderInviteForm } from "./invites.js";
import { matrixKeys, renderMatrix } from "./matrix.js";
import { onScopeChange, sendRequest } from "./requests.js";
import { simulateLogin } from "./sso.js";
import { state } from "./state.js";

const SAMPLE_URL = "../examples/sample-directory.json";

function wire() {
  $("ctx-user").addEventListener("change", (e) => {
    state.user = e.target.value;
    renderMatrix();
    renderInviteForm();
  });
  $("ctx-org").addEventListener("change", (e) => {
    state.org = e.target.value;
    state.ws = null;
    renderContext();
    renderMatrix();
    renderInviteForm();
  });
  $("ctx-ws").addEventListener("change", (e) => {
    state.ws = e.target.value;
    renderMatrix();
    $("invite-target").value = state.ws;
  });
  for (const k of SWITCHES) {
    $(`sw-${k}`).addEventListener("change", (e) => {
      state.draft = { ...state.draft, [k]: e.target.checked };
      setNote("");
      renderSwitches();
      renderWhatIf();
    });
  }
  $("cfg-auth").addEventListener("change", (e) => {
    const mode = e.target.value;
    let defaults;
    try {
      defaults = modeDefaults(mode);
    } catch {
      defaults = state.draft;
    }
    state.draft = {
      ...state.draft,
      authMode: mode,
      orgCreationDisabled: defaults.orgCreationDisabled,
      personalOrgsDisabled: defaults.personalOrgsDisabled,
    };
    if (mode === "basic" && !$("cfg-admin").value.trim()) $("cfg-admin").value = "alice@example.com";
    setNote(
      `Auth mode ${mode}: org creation ${defaults.orgCreationDisabled ? "disabled" : "enabled"} and personal orgs ${defaults.personalOrgsDisabled ? "disabled" : "enabled"} by default.`,
    );
    renderSwitches();
    renderWhatIf();
  });
  $("cfg-admin").addEventListener("input", () => renderWhatIf());
  $("apply-btn").addEventListener("click", applyDraft);
  $("discard-btn").addEventListener("click", discardDraft);
  $("import-btn").addEventListener("click", importConfig);
  $("config-form").addEventListener("submit", (e) => e.preventDefault());
  $("context-form").addEventListener("submit", (e) => e.preventDefault());
  $("matrix").addEventListener("keydown", matrixKeys);
  $("invite-form").addEventListener("submit", planInvites);
  $("sso-form").addEventListener("submit", simulateLogin);
  $("api-form").addEventListener("submit", sendRequest);
  $("api-scope").addEventListener("change", onScopeChange);
  $("directory-btn").addEventListener("click", loadDirectoryFromForm);
}

async function boot() {
  try {
    // Both modules load at start, so reading a pasted configuration answers at once.
    await Promise.all([init(), initConfig()]);
    state.reasons = new Map(reasonCodes().map((r) => [r.code, r.meaning]));
    const res = await fetch(SAMPLE_URL);
    if (!res.ok) throw new Error(`could not load ${SAMPLE_URL}: HTTP ${res.status}`);
    const text = await res.text();
    loadDirectory(text, {});
    $("directory-text").value = text;
    renderCodes();
    wire();
    renderAll();
    document.body.dataset.ready = "true";
  } catch (e) {
    $("engine-status").textContent = "The engine could not start.";
    $("main").prepend(errorBlock(e));
    document.body.dataset.ready = "error";
  }
}

boot();
