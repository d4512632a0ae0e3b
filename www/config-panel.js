// The configuration panel: applied and draft switches, what changes (what-if),
// and reading a pasted .env / values.yaml with orgpolicy/config.
import { parseEnv, parseHelmValues } from "../pkg/config/web/orgpolicy_config.js";
import { CAPABILITY_LABEL, SWITCHES, SWITCH_LABEL } from "./labels.js";
import { renderAll } from "./directory.js";
import { $, codeEl, errorBlock, h } from "./dom.js";
import { state, whereLabel } from "./state.js";

export const CONFIG_KEYS = ["authMode", ...SWITCHES];

export function applied() {
  return state.engine.config;
}

/** The draft as an InstanceConfigInput (every switch explicit). */
export function draftInput() {
  const d = state.draft;
  const out = { authMode: d.authMode };
  for (const k of SWITCHES) out[k] = d[k];
  if (d.authMode === "basic") {
    const email = $("cfg-admin").value.trim();
    if (email) out.initialOrgAdminEmail = email;
  }
  out.initialOrgName = d.initialOrgName;
  out.defaultWorkspaceName = d.defaultWorkspaceName;
  return out;
}

/** What differs between the applied configuration and the draft. */
export function draftChanges() {
  const a = applied();
  const changes = CONFIG_KEYS.filter((k) => a[k] !== state.draft[k]);
  if (state.draft.authMode === "basic" && (a.initialOrgAdminEmail ?? "") !== $("cfg-admin").value.trim()) {
    changes.push("initialOrgAdminEmail");
  }
  return changes;
}

/** The auth mode's defaults for the switches that depend on it. */
export function modeDefaults(mode) {
  const probe = state.engine.withConfig(mode === "basic" ? { authMode: mode, initialOrgAdminEmail: "admin@example.com" } : { authMode: mode });
  try {
    return probe.config;
  } finally {
    probe.free();
  }
}

export function renderSwitches() {
  const a = applied();
  for (const k of SWITCHES) {
    const box = $(`sw-${k}`);
    box.checked = Boolean(state.draft[k]);
    box.closest(".switch").classList.toggle("changed", a[k] !== state.draft[k]);
  }
  $("cfg-auth").value = state.draft.authMode;
  $("cfg-auth").closest(".field").classList.toggle("changed", a.authMode !== state.draft.authMode);
  const basic = state.draft.authMode === "basic";
  $("cfg-admin").disabled = !basic;
  $("cfg-admin").required = basic;
}

export function renderWhatIf() {
  const body = $("whatif-body");
  body.replaceChildren();
  const changes = draftChanges();
  const apply = $("apply-btn");
  const discard = $("discard-btn");
  discard.disabled = changes.length === 0;
  if (changes.length === 0) {
    apply.disabled = true;
    body.append(h("p", { class: "note" }, "No pending change. Toggle a switch to see who gains or loses what before applying it."));
    return;
  }
  let diff;
  try {
    diff = state.engine.whatIf(draftInput());
  } catch (e) {
    apply.disabled = true;
    body.append(errorBlock(e));
    return;
  }
  apply.disabled = false;
  body.append(
    h(
      "p",
      { class: "pending" },
      "Pending: ",
      changes.map((k, i) => [i > 0 ? ", " : "", h("strong", {}, SWITCH_LABEL[k] ?? k)]),
      ". ",
      diff.length === 0 ? "No member's capabilities change." : `${diff.length} capability change${diff.length > 1 ? "s" : ""}:`,
    ),
  );
  if (diff.length === 0) return;
  // The selected organization and workspace first (a stable sort keeps the engine's order otherwise).
  const rank = (c) => (c.orgId === state.org ? 0 : 2) + (c.workspaceId && c.workspaceId === state.ws ? 0 : 1);
  const items = [...diff].sort((a, b) => rank(a) - rank(b)).map((c) =>
    h(
      "li",
      { class: c.gained ? "gained" : "lost", dataset: { member: c.memberId, capability: c.capability, workspace: c.workspaceId ?? "" } },
      h(
        "div",
        { class: "change-head" },
        h("span", { class: "delta" }, c.gained ? "+ gains" : "− loses"),
        " ",
        h("strong", {}, CAPABILITY_LABEL[c.capability] ?? c.capability),
      ),
      h("div", { class: "change-who" }, c.email, " · ", whereLabel(c.orgId, c.workspaceId)),
      h(
        "div",
        { class: "change-codes" },
        h("span", { title: c.before.message }, c.before.allowed ? "✓ allowed" : codeEl(c.before.code)),
        h("span", { "aria-hidden": "true" }, " → "),
        h("span", { class: "visually-hidden" }, " becomes "),
        h("span", { title: c.after.message }, c.after.allowed ? "✓ allowed" : codeEl(c.after.code)),
      ),
    ),
  );
  body.append(
    h("ul", { class: "changes", tabindex: "0", "aria-label": "Capabilities that change if the pending switches are applied" }, items),
  );
}

export function setNote(text) {
  $("config-note").textContent = text;
}

export function applyDraft() {
  let next;
  try {
    next = state.engine.withConfig(draftInput());
  } catch (e) {
    $("whatif-body").replaceChildren(errorBlock(e));
    return;
  }
  const what = draftChanges().map((k) => SWITCH_LABEL[k] ?? k);
  state.engine.free();
  state.engine = next;
  state.draft = { ...next.config };
  setNote(`Applied: ${what.join(", ")}.`);
  renderAll();
}

export function discardDraft() {
  state.draft = { ...applied() };
  $("cfg-admin").value = applied().initialOrgAdminEmail ?? $("cfg-admin").value;
  setNote("Pending changes discarded.");
  renderSwitches();
  renderWhatIf();
}

// ---- importing a .env / values.yaml ----------------------------------------------

export function detectFormat(text) {
  let env = 0;
  let yaml = 0;
  for (const raw of text.split(/\r?\n/)) {
    const l = raw.trim();
    if (!l || l.startsWith("#")) continue;
    if (/^(export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=/.test(l)) env++;
    else if (/^(- )?["']?[\w.-]+["']?\s*:/.test(l) || l.startsWith("- ")) yaml++;
  }
  return env > 0 && env >= yaml ? "env" : "helm";
}

export function importConfig() {
  const out = $("import-result");
  out.replaceChildren();
  const text = $("import-text").value;
  if (!text.trim()) {
    out.append(h("p", { class: "note" }, "Paste a .env or values.yaml first."));
    return;
  }
  const chosen = $("import-format").value;
  const format = chosen === "auto" ? detectFormat(text) : chosen;
  const name = format === "env" ? ".env" : "values.yaml";
  let loaded;
  try {
    loaded = format === "env" ? parseEnv(text) : parseHelmValues(text);
  } catch (e) {
    out.append(h("p", { class: "note" }, `Read as ${name}: the switches were not changed.`), errorBlock(e));
    return;
  }
  state.draft = { ...loaded.config };
  if (loaded.config.initialOrgAdminEmail) $("cfg-admin").value = loaded.config.initialOrgAdminEmail;
  out.append(
    h("p", { class: "ok-note" }, `Read as ${name}. The switches below now show it; review the changes, then Apply.`),
  );
  if (loaded.warnings.length > 0) {
    out.append(
      h(
        "div",
        { class: "warning" },
        h("strong", {}, `${loaded.warnings.length} warning${loaded.warnings.length > 1 ? "s" : ""}`),
        h(
          "ul",
          {},
          loaded.warnings.map((w) => h("li", {}, w.line ? h("span", { class: "line" }, `line ${w.line}`) : null, w.line ? " " : null, w.message)),
        ),
      ),
    );
  }
  renderSwitches();
  renderWhatIf();
}
