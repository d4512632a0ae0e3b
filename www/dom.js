// Small DOM helpers shared by every panel.

export const $ = (id) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el;
};

/** h("td", { class: "x", title: "..." }, child, "text", ...) */
export function h(tag, attrs, ...children) {
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
export function codeEl(code, cls = "code") {
  const el = h("span", { class: cls });
  const parts = String(code).split("_");
  parts.forEach((p, i) => {
    el.append(p + (i < parts.length - 1 ? "_" : ""));
    if (i < parts.length - 1) el.append(h("wbr"));
  });
  return el;
}

export function errorBlock(e) {
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
export function rich(msg) {
  const out = [];
  String(msg)
    .split("`")
    .forEach((part, i) => {
      if (part) out.push(i % 2 === 1 ? h("code", {}, part) : part);
    });
  return out;
}

let uid = 0;
export const nextId = (p) => `${p}-${++uid}`;
