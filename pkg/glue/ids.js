// `can` and `check` on strings at the speed of handles (scripts/build.sh
// puts this into both entries of the engine module, pkg/glue/web.js and
// pkg/glue/node.js, in place of their `__STRING_IDS__` line).
//
// Each engine keeps, on the JS side, the handles of the ids it has been
// asked about (a Map per kind, at most ID_LIMIT entries each, the oldest
// dropped first), so a repeated id costs a Map lookup instead of a string
// copy into wasm memory and a hash there. `check` answers with the number
// of its decision; the engine keeps each decision by number, as the wasm
// side wrote it, and hands out copies. The answers and the errors are the
// wasm methods' own: an id seen for the first time is resolved with
// `userHandle` & co., and whatever does not resolve (an unknown id, a
// number where a string belongs, a workspace of another org, a freed
// engine) goes to the string method, which answers or throws as always.
// `canMany` on an array of tuples packs their handles into one
// Uint32Array for `canManyHandles`, and hands the array to the string
// method when any tuple does not resolve. `applyChanges` (which may
// renumber handles) and `free` drop the maps; they live on the engine
// object, so they go with it.

const ID_LIMIT = 8192;
/** The workspace of an org-level query in `canManyHandles`' packed form. */
const NO_WORKSPACE = 0xffffffff;
const IDS = Symbol("orgpolicy.ids");

/** The JS-side state of one engine: handles by id, decisions by number. */
function Ids() {
  this.users = new Map();
  this.orgs = new Map();
  this.workspaces = new Map();
  this.permissions = new Map();
  this.decisions = new Map();
  /** The handles of the current query: user, org, workspace (or null), permission. */
  this.q = [0, 0, null, 0];
  /** `canMany`'s packed queries, reused from call to call (see `packedFor`). */
  this.packed = null;
}

/** The packed buffer kept for batches of up to this many queries (256 KB);
 *  a larger batch gets a buffer of its own. */
const PACKED_KEPT = 16384;

/** A Uint32Array for `n` packed queries: the engine's kept one when it is
 *  large enough (a fresh buffer per batch leaves the process's memory
 *  fragmented by buffers the allocator does not give back). */
function packedFor(ids, n) {
  if (n > PACKED_KEPT) return new Uint32Array(4 * n);
  if (ids.packed === null || ids.packed.length < 4 * n) ids.packed = new Uint32Array(4 * Math.max(n, 1024));
  // A view made by the constructor, not `subarray` (which looks up a species constructor).
  return new Uint32Array(ids.packed.buffer, 0, 4 * n);
}

/** The four handles into `q`, when none is missing. */
function put(q, u, o, w, p) {
  if (u === undefined || o === undefined || w === undefined || p === undefined) return false;
  q[0] = u;
  q[1] = o;
  q[2] = w;
  q[3] = p;
  return true;
}

function remember(map, key, value) {
  if (map.size >= ID_LIMIT) map.delete(map.keys().next().value);
  map.set(key, value);
  return value;
}

function installStringIds(PolicyEngine) {
  const proto = PolicyEngine.prototype;
  const { can, check, canMany, applyChanges, free, userHandle, orgHandle, workspaceHandle, permissionHandle } = proto;

  /** The handle of `id` in `map`, resolved with `lookup` on first sight;
   *  undefined when it does not resolve (the string call then decides). */
  function handle(engine, map, lookup, id) {
    const h = map.get(id);
    if (h !== undefined || typeof id !== "string") return h;
    try {
      return remember(map, id, lookup.call(engine, id));
    } catch {
      return undefined;
    }
  }

  /** Puts the query's handles into ids.q when all are remembered. */
  function known(ids, userId, orgId, workspaceId, permission) {
    const u = ids.users.get(userId);
    const o = ids.orgs.get(orgId);
    const p = ids.permissions.get(permission);
    const w = workspaceId === null || workspaceId === undefined ? null : ids.workspaces.get(workspaceId);
    return put(ids.q, u, o, w, p);
  }

  /** Puts the query's handles into ids.q, resolving the ids not yet
   *  remembered; false when one does not resolve. */
  function resolve(engine, ids, userId, orgId, workspaceId, permission) {
    const noWorkspace = workspaceId === null || workspaceId === undefined;
    const u = handle(engine, ids.users, userHandle, userId);
    const o = handle(engine, ids.orgs, orgHandle, orgId);
    const w = noWorkspace ? null : handle(engine, ids.workspaces, workspaceHandle, workspaceId);
    const p = handle(engine, ids.permissions, permissionHandle, permission);
    return put(ids.q, u, o, w, p);
  }

  proto.can = function (userId, orgId, workspaceId, permission) {
    const ids = this[IDS] || (this[IDS] = new Ids());
    const q = ids.q;
    if (known(ids, userId, orgId, workspaceId, permission) || resolve(this, ids, userId, orgId, workspaceId, permission)) {
      try {
        return this.canHandles(q[0], q[1], q[2], q[3]);
      } catch {
        // The string method's own answer or error (e.g. a workspace of another org).
      }
    }
    return can.call(this, userId, orgId, workspaceId, permission);
  };

  proto.check = function (userId, orgId, workspaceId, permission) {
    const ids = this[IDS] || (this[IDS] = new Ids());
    const q = ids.q;
    if (known(ids, userId, orgId, workspaceId, permission) || resolve(this, ids, userId, orgId, workspaceId, permission)) {
      let n;
      try {
        n = this.checkHandlesNumber(q[0], q[1], q[2], q[3]);
      } catch {
        return check.call(this, userId, orgId, workspaceId, permission);
      }
      const d = ids.decisions.get(n) || remember(ids.decisions, n, this.decisionByNumber(n));
      return { ...d };
    }
    return check.call(this, userId, orgId, workspaceId, permission);
  };

  proto.canMany = function (queries) {
    const ids = this[IDS] || (this[IDS] = new Ids());
    const n = Array.isArray(queries) ? queries.length : -1;
    const packed = n > 0 ? packedFor(ids, n) : null;
    let i = 0;
    for (; i < n; i++) {
      const t = queries[i];
      if (!Array.isArray(t) || t.length !== 4) break;
      if (!known(ids, t[0], t[1], t[2], t[3]) && !resolve(this, ids, t[0], t[1], t[2], t[3])) break;
      const q = ids.q;
      packed[4 * i] = q[0];
      packed[4 * i + 1] = q[1];
      packed[4 * i + 2] = q[2] === null ? NO_WORKSPACE : q[2];
      packed[4 * i + 3] = q[3];
    }
    if (packed !== null && i === n) {
      try {
        return this.canManyHandles(packed);
      } catch {
        // The string method's own error (e.g. a workspace of another org, named by its index).
      }
    }
    return canMany.call(this, queries);
  };

  proto.applyChanges = function (changes) {
    this[IDS] = undefined;
    return applyChanges.call(this, changes);
  };

  proto.free = function () {
    this[IDS] = undefined;
    return free.call(this);
  };
  if (typeof Symbol.dispose === "symbol") proto[Symbol.dispose] = proto.free;
}
installStringIds(bindings.PolicyEngine);
