// The request target a proxy asks about, checked before any route matching.
//
// The service decides on the exact bytes the upstream will receive (nginx
// `$request_uri`, Caddy `{uri}`, Envoy's `:path`), so a target the upstream
// could read differently from the route matcher is refused outright instead
// of being normalized here: encoded slashes and backslashes, dot segments
// (plain or percent-encoded), empty segments (`//`), NUL, malformed or
// non-UTF-8 escapes, fragments, characters outside RFC 3986, over-long targets.
// Nothing is rewritten: an accepted target is matched as it is.

/** Characters RFC 3986 allows in a path (pchar and `/`), besides `%` escapes. */
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
/** Characters allowed in a query (pchar, `/`, `?`). */
const QUERY_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;
/** Escapes that change how a path splits or ends: `/`, `\`, NUL. */
const SPLITTING_ESCAPE = /%(2f|5c|00)/i;
const ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const METHOD = /^[A-Z]{1,16}$/;

/**
 * `{ ok: true, method, path, query }` or
 * `{ ok: false, status, code, message }` (a refusal, never an exception).
 */
export function checkTarget(method, target, { maxLength = 4096 } = {}) {
  if (typeof method !== "string" || !METHOD.test(method)) {
    return refuse(400, "BAD_METHOD", `the method ${show(method)} is not an upper-case HTTP method`);
  }
  if (typeof target !== "string" || target === "") {
    return refuse(400, "BAD_PATH", "no request target was given");
  }
  if (target.length > maxLength) {
    return refuse(414, "PATH_TOO_LONG", `the request target is ${target.length} characters long, more than ${maxLength}`);
  }
  if (!target.startsWith("/")) {
    return refuse(400, "BAD_PATH", `the request target ${show(target)} does not start with "/"`);
  }
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? "" : target.slice(q + 1);
  if (!PATH_CHARS.test(path) || !QUERY_CHARS.test(query)) {
    return refuse(400, "BAD_PATH", `the request target ${show(target)} holds a character that must be percent-encoded`);
  }
  if (ESCAPE.test(path) || ESCAPE.test(query)) {
    return refuse(400, "BAD_PATH", `the request target ${show(target)} holds a malformed percent escape`);
  }
  if (SPLITTING_ESCAPE.test(path)) {
    return refuse(400, "BAD_PATH", `the path ${show(path)} holds an encoded "/", "\\" or NUL`);
  }
  if (path.includes("//")) {
    return refuse(400, "BAD_PATH", `the path ${show(path)} holds an empty segment ("//")`);
  }
  for (const raw of path.split("/")) {
    let seg;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return refuse(400, "BAD_PATH", `the path segment ${show(raw)} is not UTF-8 once decoded`);
    }
    if (seg === "." || seg === "..") {
      return refuse(400, "BAD_PATH", `the path ${show(path)} holds a dot segment`);
    }
  }
  return { ok: true, method, path, query };
}

function refuse(status, code, message) {
  return { ok: false, status, code, message };
}

function show(v) {
  const s = typeof v === "string" ? v : String(v);
  return `\`${s.length > 120 ? `${s.slice(0, 120)}...` : s}\``;
}
