// What every engine source shares: the engine state, its age, reloads that
// never overlap (calls made while one runs are folded into one more run), and
// the instance configuration read from `.env` / values.yaml on each reload.
//
//   source.start()           -> Promise<void>: the first engine is loaded (rejects if not)
//   source.current()         -> { engine, loadedAt, version } | null
//   source.ageSeconds()      -> seconds since the source last knew its engine current
//   source.reload(reason)    -> Promise<{ ok, error? }>; emits "engine" (engine, info) on success
//   source.close()           -> stops watching / refreshing
//   events: "engine" (engine, { version, loadedAt, reason, ms }), "reload-failed" (error, reason),
//           "unchanged" ({ version, reason, ms }): a reload found nothing new (the engine is kept)
//
// Engines handed out belong to the consumer (the guard frees them once
// drained); a source never frees an engine itself.
import { EventEmitter } from "node:events";
import { readFile } from "node:fs/promises";

export class EngineSource extends EventEmitter {
  constructor() {
    super();
    this.state = null;
    this.version = 0;
    /** `Date.now()` when the source last knew its engine current. */
    this.knownAt = null;
    this.running = null;
    this.again = false;
    this.loadStarted = 0;
  }

  current() {
    return this.state;
  }

  ageSeconds() {
    return this.knownAt === null ? Infinity : (Date.now() - this.knownAt) / 1000;
  }

  /** Reloads now; calls made while one runs are folded into one more run. */
  reload(reason = "manual") {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let result;
      do {
        this.again = false;
        this.loadStarted = Date.now();
        try {
          result = await this.loadOnce(reason);
        } catch (error) {
          this.emit("reload-failed", error, reason);
          result = { ok: false, error };
        }
      } while (this.again);
      this.running = null;
      return result;
    })();
    return this.running;
  }

  /** Subclasses: one load; resolves to { ok: true } or throws. */
  async loadOnce() {
    throw new Error("EngineSource.loadOnce: not implemented by this source");
  }

  /** Hands out a new engine. */
  publish(engine, reason) {
    this.version += 1;
    const loadedAt = Date.now();
    this.state = { engine, loadedAt, version: this.version };
    this.knownAt = loadedAt;
    this.emit("engine", engine, { version: this.version, loadedAt, reason, ms: loadedAt - this.loadStarted });
    return { ok: true, changed: true };
  }

  /** A reload that found nothing new: the engine is current as of now. */
  confirm(reason) {
    this.knownAt = Date.now();
    this.emit("unchanged", { version: this.version, reason, ms: this.knownAt - this.loadStarted });
    return { ok: true, changed: false };
  }
}

/**
 * The instance configuration from the `.env` / values.yaml files (either may
 * be absent) through `orgpolicy/config`'s `loadConfig`; warnings go to `onWarning`.
 */
export async function readInstanceConfig(orgpolicy, { env, helmValues }, onWarning) {
  const [envText, helmText] = await Promise.all([env ? readFile(env, "utf8") : undefined, helmValues ? readFile(helmValues, "utf8") : undefined]);
  const sources = {};
  if (envText !== undefined) sources.env = envText;
  if (helmText !== undefined) sources.helmValues = helmText;
  const { config, warnings } = orgpolicy.loadConfig(sources);
  for (const w of warnings) onWarning(w);
  return config;
}
