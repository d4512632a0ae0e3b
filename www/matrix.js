// The capability matrix of the chosen context.
import { CAPABILITIES, CAPABILITY_LABEL, ORG_ROLE_LABEL } from "./labels.js";
import { $, codeEl, errorBlock, h, nextId } from "./dom.js";
import { state, whereLabel, wsRoleLabel } from "./state.js";

export function cellDetail(row, cap, d) {
  if (!d) return `${row.email} · ${CAPABILITY_LABEL[cap]}: choose a workspace to see this capability`;
  const meaning = state.reasons.get(d.code);
  return `${row.email} · ${CAPABILITY_LABEL[cap]}: ${d.allowed ? "allowed" : d.code} (${d.message})${meaning && !d.allowed ? `. ${meaning}` : ""}`;
}

export function showDetail(text) {
  $("cell-detail").textContent = text;
}

export function renderMatrix() {
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
export function matrixKeys(ev) {
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
