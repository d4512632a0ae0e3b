// The orgpolicy demo: every answer on this page comes from the engine
// (PolicyEngine in WebAssembly); the page only collects inputs and renders.
import init, { PolicyEngine, parseEnv, parseHelmValues, reasonCodes } from "../pkg/web/orgpolicy.js";
import {
  CAPABILITIES,
  CAPABILITY_LABEL,
  LOGIN_PATH_LABEL,
  ORG_ROLE_LABEL,
  OUTCOME_LABEL,
  STATUS_TEXT,
  SWITCHES,
  SWITCH_LABEL,
  WORKSPACE_ROLE_LABEL,
} from "./labels.js";

const SAMPLE_URL = "../examples/sample-directory.json";

// ---- tiny DOM helpers -------------------------------------------------------

const $ = (id) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el;
};

/** h("td", { class: "x", title: "..." }, child, "text", ...) */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A reason code that may wrap after its underscores. */
function codeEl(code, cls = "code") {
  const el = h("span", { class: cls });
  const parts = String(code).split("_");
  parts.forEach((p, i) => {
    el.append(p + (i < parts.length - 1 ? "_" : ""));
    if (i < parts.length - 1) el.append(h("wbr"));
  });
  return el;
}

function errorBlock(e) {
  const issues = Array.isArray(e?.issues) ? e.issues : [];
  return h(
    "div",
    { class: "error", role: "alert" },
    h("strong", {}, e?.code ?? "Error"),
    " ",
    issues.length > 0 ? `${issues.length} problem${issues.length > 1 ? "s" : ""}:` : String(e?.message ?? e),
    issues.length > 0
      ? h(
          "ul",
          {},
          issues.map((i) =>
            h("li", {}, i.line ? h("span", { class: "line" }, `line ${i.line}`) : null, i.line ? " " : null, i.message),
          ),
        )
      : null,
  );
}

/** An engine message with its `quoted` names set as code. */
function rich(msg) {
  const out = [];
  String(msg)
    .split("`")
    .forEach((part, i) => {
      if (part) out.push(i % 2 === 1 ? h("code", {}, part) : part);
    });
  return out;
}

let uid = 0;
const nextId = (p) => `${p}-${++uid}`;

// ---- state --------------------------------------------------------------------

const state = {
  /** @type {PolicyEngine | null} */
  engine: null,
  dir: null,
  reasons: new Map(),
  /** Draft switches (an InstanceConfig-shaped object). */
  draft: null,
  user: null,
  org: null,
  ws: null,
  permissionNames: { org: [], workspace: [] },
};

const idx = { orgs: new Map(), ws: new Map(), users: new Map(), roleNames: new Map() };

function indexDirectory(dir) {
  idx.orgs.clear();
  idx.ws.clear();
  idx.users.clear();
  idx.roleNames.clear();
  for (const u of dir.users ?? []) idx.users.set(u.id, u.email);
  for (const o of dir.orgs ?? []) {
    idx.orgs.set(o.id, o);
    for (const w of o.workspaces ?? []) idx.ws.set(w.id, { ws: w, org: o });
    for (const r of o.roles ?? []) idx.roleNames.set(`${o.id}/${r.id}`, r.name);
    for (const m of o.members ?? []) if (m.userId && !idx.users.has(m.userId)) idx.users.set(m.userId, m.email);
  }
}

function wsRoleLabel(orgId, role) {
  if (!role) return null;
  return WORKSPACE_ROLE_LABEL[role] ?? idx.roleNames.get(`${orgId}/${role}`) ?? role;
}

function orgName(id) {
  return idx.orgs.get(id)?.name ?? id;
}

function wsName(id) {
  return idx.ws.get(id)?.ws.name ?? id;
}

function whereLabel(orgId, wsId) {
  return wsId ? `${orgName(orgId)} › ${wsName(wsId)}` : orgName(orgId);
}

// ---- configuration: applied vs draft ---------------------------------------------

const CONFIG_KEYS = ["authMode", ...SWITCHES];

function applied() {
  return state.engine.config;
}

/** The draft as an InstanceConfigInput (every switch explicit). */
function draftInput() {
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
function draftChanges() {
  const a = applied();
  const changes = CONFIG_KEYS.filter((k) => a[k] !== state.draft[k]);
  if (state.draft.authMode === "basic" && (a.initialOrgAdminEmail ?? "") !== $("cfg-admin").value.trim()) {
    changes.push("initialOrgAdminEmail");
  }
  return changes;
}

/** The auth mode's defaults for the switches that depend on it. */
function modeDefaults(mode) {
  const probe = state.engine.withConfig(mode === "basic" ? { authMode: mode, initialOrgAdminEmail: "admin@example.com" } : { authMode: mode });
  try {
    return probe.config;
  } finally {
    probe.free();
  }
}

function renderSwitches() {
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

function renderWhatIf() {
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

function setNote(text) {
  $("config-note").textContent = text;
}

function applyDraft() {
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

function discardDraft() {
  state.draft = { ...applied() };
  $("cfg-admin").value = applied().initialOrgAdminEmail ?? $("cfg-admin").value;
  setNote("Pending changes discarded.");
  renderSwitches();
  renderWhatIf();
}

// ---- importing a .env / values.yaml ----------------------------------------------

function detectFormat(text) {
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

function importConfig() {
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

// ---- context pickers -------------------------------------------------------------

function option(value, label, selected) {
  return h("option", { value, selected: selected || null }, label);
}

function renderContext() {
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

// ---- the matrix ------------------------------------------------------------------

function cellDetail(row, cap, d) {
  if (!d) return `${row.email} · ${CAPABILITY_LABEL[cap]}: choose a workspace to see this capability`;
  const meaning = state.reasons.get(d.code);
  return `${row.email} · ${CAPABILITY_LABEL[cap]}: ${d.allowed ? "allowed" : d.code} (${d.message})${meaning && !d.allowed ? `. ${meaning}` : ""}`;
}

function showDetail(text) {
  $("cell-detail").textContent = text;
}

function renderMatrix() {
  const table = $("matrix");
  const orgId = state.org;
  const wsId = state.ws || null;
  let rows;
  try {
    rows = state.engine.capabilities(orgId, wsId);
  } catch (e) {
    table.replaceChildren(h("caption", {}, errorBlock(e)));
    return;
  }
  $("matrix-title").textContent = `Who can do what in ${whereLabel(orgId, wsId)}`;
  const head = h(
    "thead",
    {},
    h(
      "tr",
      {},
      h("th", { scope: "col", class: "member-col" }, "Member and roles"),
      CAPABILITIES.map((c) => h("th", { scope: "col", class: "cap-col", title: c.id }, c.label)),
    ),
  );
  const body = h("tbody");
  rows.forEach((row, r) => {
    const cells = new Map(row.cells.map((c) => [c.capability, c.decision]));
    const acting = row.userId !== null && row.userId === state.user;
    const wsRole = wsRoleLabel(orgId, row.workspaceRole);
    let roles = ORG_ROLE_LABEL[row.orgRole] ?? row.orgRole;
    if (wsId) {
      roles += ` · ${wsRole ? wsRole : row.orgRole === "ORGANIZATION_ADMIN" ? "Admin via org" : "no workspace role"}`;
    }
    const tr = h(
      "tr",
      { class: acting ? "acting" : null, dataset: { member: row.memberId } },
      h(
        "th",
        { scope: "row", class: "member-col" },
        h("span", { class: "email", title: row.email }, row.email),
        h(
          "span",
          { class: "roles" },
          row.status === "pending" ? h("span", { class: "badge pending" }, "pending") : null,
          roles,
          acting ? h("span", { class: "visually-hidden" }, " (acting user)") : null,
        ),
      ),
    );
    CAPABILITIES.forEach((c, ci) => {
      const d = cells.get(c.id) ?? null;
      const descId = nextId("cell");
      const detail = cellDetail(row, c.id, d);
      const inner = h(
        "span",
        {
          class: `cell ${d ? (d.allowed ? "ok" : "no") : "na"}`,
          tabindex: r === 0 && ci === 0 ? "0" : "-1",
          title: d ? `${d.allowed ? "Allowed" : d.code}: ${d.message}` : "Choose a workspace to see this capability",
          "aria-describedby": descId,
          dataset: { row: String(r), col: String(ci) },
        },
        d ? (d.allowed ? [h("span", { "aria-hidden": "true" }, "✓"), h("span", { class: "visually-hidden" }, "allowed")] : codeEl(d.code, "cell-code")) : "n/a",
        h("span", { id: descId, class: "visually-hidden" }, d ? d.message : "needs a workspace"),
      );
      const show = () => showDetail(detail);
      inner.addEventListener("focus", show);
      inner.addEventListener("mouseenter", show);
      tr.append(h("td", { dataset: { capability: c.id, code: d ? d.code : "" } }, inner));
    });
    body.append(tr);
  });
  table.replaceChildren(
    h("caption", { class: "visually-hidden" }, `Capabilities of each member in ${whereLabel(orgId, wsId)}`),
    head,
    body,
  );
  showDetail("Hover or focus a cell to read the engine's message here.");
}

/** Arrow keys move between matrix cells (one tab stop for the whole grid). */
function matrixKeys(ev) {
  const cell = ev.target.closest?.(".cell");
  if (!cell) return;
  const r = Number(cell.dataset.row);
  const c = Number(cell.dataset.col);
  const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  let target = null;
  if (moves[ev.key]) {
    const [dr, dc] = moves[ev.key];
    target = $("matrix").querySelector(`.cell[data-row="${r + dr}"][data-col="${c + dc}"]`);
  } else if (ev.key === "Home") {
    target = $("matrix").querySelector(`.cell[data-row="${r}"][data-col="0"]`);
  } else if (ev.key === "End") {
    target = $("matrix").querySelector(`.cell[data-row="${r}"][data-col="${CAPABILITIES.length - 1}"]`);
  } else {
    return;
  }
  ev.preventDefault();
  if (!target) return;
  cell.tabIndex = -1;
  target.tabIndex = 0;
  target.focus();
}

// ---- invites ---------------------------------------------------------------------

function renderInviteForm() {
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

function planInvites(ev) {
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

// ---- SSO first login -------------------------------------------------------------

function renderSsoNote() {
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

function membershipItem(m) {
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

function groupResolution(title, res, orgId) {
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

function simulateLogin(ev) {
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

// ---- API requests ----------------------------------------------------------------

function renderApiForm() {
  const sel = $("api-cred");
  const prev = sel.value;
  const pats = [];
  const keys = [];
  for (const o of idx.orgs.values()) {
    for (const p of o.personalAccessTokens ?? []) {
      pats.push([`apiKey:${p.id}`, `${p.id} (PAT of ${idx.users.get(p.userId) ?? p.userId}, ${o.name})`]);
    }
    for (const k of o.serviceKeys ?? []) {
      const scope = k.orgScoped ? "org-wide" : (k.workspaceIds ?? []).map(wsName).join(", ");
      keys.push([`apiKey:${k.id}`, `${k.id} (service key, ${o.name}: ${scope})`]);
    }
  }
  const sessions = [...idx.users.entries()].sort((a, b) => a[1].localeCompare(b[1])).map(([id, email]) => [`session:${id}`, `Session of ${email}`]);
  const group = (label, items) => h("optgroup", { label }, items.map(([v, l]) => option(v, l, v === prev)));
  sel.replaceChildren(
    option("none", "No credential", prev === "none"),
    group("Personal access tokens (X-API-Key)", pats),
    group("Service keys (X-API-Key)", keys),
    group("Logged-in user (JWT)", sessions),
  );
  if (!prev) sel.value = pats[0]?.[0] ?? "none";
  $("org-ids").replaceChildren(...[...idx.orgs.values()].map((o) => h("option", { value: o.id }, o.name)));
  $("ws-ids").replaceChildren(...[...idx.ws.values()].map(({ ws, org }) => h("option", { value: ws.id }, `${org.name} › ${ws.name}`)));
  renderPermissionList();
}

/** Permission names for the datalist: what an Org Admin holds, from the engine. */
function loadPermissionNames() {
  state.permissionNames = { org: [], workspace: [] };
  for (const o of idx.orgs.values()) {
    const admin = (o.members ?? []).find((m) => m.orgRole === "ORGANIZATION_ADMIN" && m.userId && (m.status ?? "active") === "active");
    const ws = o.workspaces?.[0];
    if (!admin || !ws) continue;
    try {
      const p = state.engine.permissions(admin.userId, o.id, ws.id);
      if (p.workspacePermissions.length > state.permissionNames.workspace.length) {
        state.permissionNames = { org: p.orgPermissions, workspace: p.workspacePermissions };
      }
    } catch {
      // not a usable sample: try the next org
    }
  }
}

function renderPermissionList() {
  const scope = $("api-scope").value;
  const names = scope === "org" ? state.permissionNames.org : scope === "workspace" ? state.permissionNames.workspace : [];
  $("perm-list").replaceChildren(...names.map((n) => h("option", { value: n })));
  const perm = $("api-perm");
  perm.disabled = scope === "user";
  perm.placeholder = scope === "org" ? "default: organization:read" : scope === "workspace" ? "default: workspaces:read" : "no permission for user routes";
}

function onScopeChange() {
  const scope = $("api-scope").value;
  $("api-perm").value = scope === "workspace" ? "runs:read" : scope === "org" ? "organization:read" : "";
  renderPermissionList();
}

function sendRequest(ev) {
  ev.preventDefault();
  const out = $("api-result");
  out.replaceChildren();
  const cred = $("api-cred").value;
  const req = { operation: { scope: $("api-scope").value } };
  if (cred.startsWith("apiKey:")) req.credential = { type: "apiKey", key: cred.slice(7) };
  else if (cred.startsWith("session:")) req.credential = { type: "session", userId: cred.slice(8) };
  const org = $("api-org").value.trim();
  const tenant = $("api-tenant").value.trim();
  const perm = $("api-perm").value.trim();
  if (org) req.organizationId = org;
  if (tenant) req.tenantId = tenant;
  if (perm && req.operation.scope !== "user") req.operation.permission = perm;
  let d;
  try {
    d = state.engine.authorizeRequest(req);
  } catch (e) {
    out.append(errorBlock(e));
    return;
  }
  out.append(
    h(
      "p",
      { class: `http http-${d.status}`, dataset: { status: String(d.status), code: d.code } },
      h("span", { class: "status" }, STATUS_TEXT[d.status] ?? String(d.status)),
      " ",
      codeEl(d.code),
    ),
    h("p", { class: "msg" }, rich(d.message)),
    h(
      "dl",
      { class: "resolved" },
      h("dt", {}, "Organization"),
      h("dd", {}, d.orgId ? `${orgName(d.orgId)} (${d.orgId})` : "–"),
      h("dt", {}, "Workspace"),
      h("dd", {}, d.workspaceId ? `${wsName(d.workspaceId)} (${d.workspaceId})` : "–"),
      h("dt", {}, "User"),
      h("dd", {}, d.userId ? `${idx.users.get(d.userId) ?? d.userId}` : "–"),
    ),
  );
}

// ---- directory and reason codes ----------------------------------------------------

function loadDirectory(text, config) {
  const engine = new PolicyEngine(config, text);
  const dir = JSON.parse(text);
  if (state.engine) state.engine.free();
  state.engine = engine;
  state.dir = dir;
  state.draft = { ...engine.config };
  indexDirectory(dir);
  loadPermissionNames();
}

function loadDirectoryFromForm() {
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

function renderCodes() {
  $("codes-table").replaceChildren(
    h("caption", { class: "visually-hidden" }, "Every reason code and its meaning"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Code"), h("th", { scope: "col" }, "Meaning"))),
    h("tbody", {}, [...state.reasons].map(([code, meaning]) => h("tr", {}, h("th", { scope: "row" }, h("code", {}, code)), h("td", {}, meaning)))),
  );
}

function renderStatus() {
  const a = applied();
  const on = SWITCHES.filter((k) => a[k]).map((k) => SWITCH_LABEL[k]);
  $("engine-status").textContent = `Engine ready · auth ${a.authMode} · ${state.dir.orgs.length} orgs, ${state.engine.memberCount} members · on: ${on.join(", ") || "none"}`;
}

function renderAll() {
  renderContext();
  renderSwitches();
  renderWhatIf();
  renderMatrix();
  renderInviteForm();
  renderSsoNote();
  renderApiForm();
  renderStatus();
}

// ---- wiring --------------------------------------------------------------------

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
    await init();
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
