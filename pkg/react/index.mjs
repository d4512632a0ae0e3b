// orgpolicy/react: React bindings for a PolicyEngine.
//
// A <PolicyProvider> holds either an engine or an engine source (any object
// with `current()` and `subscribe(listener)`, such as a connector's sync
// object that swaps engines on refresh). Components read the engine through
// useSyncExternalStore, so a swap re-renders every mounted component with the
// new engine's answers in the same commit. No hook ever calls a freed engine:
// a freed engine (or none yet, or server-side rendering without one) reads as
// "no engine", and the hooks answer null / false (fail closed).
import { createContext, createElement, Fragment, useContext, useMemo, useSyncExternalStore } from "react";

const NO_SOURCE = { current: () => null, subscribe: () => () => {} };
const PolicyContext = createContext({ source: NO_SOURCE, scope: {} });

const isSource = (x) => x != null && typeof x.current === "function" && typeof x.subscribe === "function";

/** A source that always answers the one engine it was given. */
function fixedSource(engine) {
  return { current: () => engine, subscribe: () => () => {} };
}

/** wasm-bindgen objects drop their pointer on free(): such an engine is gone. */
function live(engine) {
  return engine != null && engine.__wbg_ptr !== 0 ? engine : null;
}

export function PolicyProvider({ engine, userId, orgId, workspaceId, children }) {
  const source = useMemo(() => (engine == null ? NO_SOURCE : isSource(engine) ? engine : fixedSource(engine)), [engine]);
  const scope = useMemo(() => ({ userId, orgId, workspaceId }), [userId, orgId, workspaceId]);
  const value = useMemo(() => ({ source, scope }), [source, scope]);
  return createElement(PolicyContext.Provider, { value }, children);
}

/** The current engine, or null (none given, freed, or none during SSR). */
export function useEngine() {
  const { source } = useContext(PolicyContext);
  const engine = useSyncExternalStore(source.subscribe, source.current, source.current);
  return live(engine);
}

function useScope(options) {
  const { scope } = useContext(PolicyContext);
  const pick = (key) => (options && options[key] !== undefined ? options[key] : scope[key]);
  return { userId: pick("userId"), orgId: pick("orgId"), workspaceId: pick("workspaceId") ?? null };
}

// Ids the directory does not (or no longer) hold: a user removed by the last
// refresh is an answer to render (denied), not a programming error. Anything
// else (an unknown permission name, a non-string id) is thrown to the nearest
// error boundary.
const UNKNOWN_IDS = new Set(["UNKNOWN_USER", "UNKNOWN_ORG", "UNKNOWN_WORKSPACE"]);

function asking(ask, onUnknown) {
  return (...args) => {
    try {
      return ask(...args);
    } catch (e) {
      if (e != null && UNKNOWN_IDS.has(e.code)) return onUnknown(e);
      throw e;
    }
  };
}

/** One engine call per distinct (engine, arguments); null without an engine or user/org. */
function useAnswer(needsUser, ask, options, extra) {
  const engine = useEngine();
  const { userId, orgId, workspaceId } = useScope(options);
  return useMemo(
    () => (engine == null || orgId == null || (needsUser && userId == null) ? null : ask(engine, userId, orgId, workspaceId)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [engine, userId, orgId, workspaceId, extra],
  );
}

export function useCheck(permission, options) {
  const ask = asking(
    (e, u, o, w) => e.check(u, o, w, permission),
    (err) => ({ allowed: false, code: err.code, message: err.message }),
  );
  return useAnswer(true, ask, options, permission);
}

export function useCan(permission, options) {
  const decision = useCheck(permission, options);
  return decision != null && decision.allowed === true;
}

export function usePermissions(options) {
  return useAnswer(true, asking((e, u, o, w) => e.permissions(u, o, w), () => null), options, undefined);
}

export function useCapabilities(options) {
  return useAnswer(false, asking((e, _u, o, w) => e.capabilities(o, w), () => null), options, undefined);
}

export function Can({ permission, userId, orgId, workspaceId, fallback = null, children }) {
  const decision = useCheck(permission, { userId, orgId, workspaceId });
  if (decision == null || !decision.allowed) {
    return createElement(Fragment, null, typeof fallback === "function" ? fallback(decision) : fallback);
  }
  return createElement(Fragment, null, typeof children === "function" ? children(decision) : children);
}
