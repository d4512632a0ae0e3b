// An engine source reads the instance configuration and the directory and
// hands out engines. The service needs only this interface, so another
// source (one that syncs from a live deployment) plugs in the same way:
//
//   source.start()           -> Promise<void>: the first engine is loaded (rejects if not)
//   source.current()         -> { engine, loadedAt, version } | null
//   source.ageSeconds()      -> seconds since the source last knew its engine current
//   source.reload(reason)    -> Promise<{ ok, error? }>; emits "engine" (engine, info) on success
//   source.close()           -> stops watching
//   events: "engine" (engine, { version, loadedAt, reason }), "reload-failed" (error, reason)
//
// Engines handed out belong to the consumer (the guard frees them once
// drained); the source never frees an engine itself.
import { EventEmitter } from "node:events";
import { readFile } from "node:fs/promises";
import { watch } from "node:fs";
import { basename, dirname, resolve } from "node:path";

export class FileEngineSource extends EventEmitter {
  /**
   * @param {{ orgpolicy, directory: string, env?: string, helmValues?: string,
   *           watch?: boolean, debounceMs?: number, onWarning?: (w) => void }} options
   */
  constructor({ orgpolicy, directory, env, helmValues, watch: doWatch = true, debounceMs = 100, onWarning = () => {} }) {
    super();
    if (!directory) throw new Error("directory: a directory file is required");
    this.orgpolicy = orgpolicy;
    this.files = { directory: resolve(directory), env: env && resolve(env), helmValues: helmValues && resolve(helmValues) };
    this.doWatch = doWatch;
    this.debounceMs = debounceMs;
    this.onWarning = onWarning;
    this.state = null;
    this.version = 0;
    this.watchers = [];
    this.timer = null;
    this.running = null;
    this.again = false;
  }

  async start() {
    const r = await this.reload("start");
    if (!r.ok) throw r.error;
    if (this.doWatch) this.watchFiles();
  }

  current() {
    return this.state;
  }

  ageSeconds() {
    return this.state ? (Date.now() - this.state.loadedAt) / 1000 : Infinity;
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
        result = await this.loadOnce(reason);
      } while (this.again);
      this.running = null;
      return result;
    })();
    return this.running;
  }

  async loadOnce(reason) {
    try {
      const [directory, env, helmValues] = await Promise.all([
        readFile(this.files.directory, "utf8"),
        this.files.env ? readFile(this.files.env, "utf8") : undefined,
        this.files.helmValues ? readFile(this.files.helmValues, "utf8") : undefined,
      ]);
      const sources = {};
      if (env !== undefined) sources.env = env;
      if (helmValues !== undefined) sources.helmValues = helmValues;
      const { config, warnings } = this.orgpolicy.loadConfig(sources);
      for (const w of warnings) this.onWarning(w);
      const engine = new this.orgpolicy.PolicyEngine(config, directory);
      this.version += 1;
      this.state = { engine, loadedAt: Date.now(), version: this.version };
      this.emit("engine", engine, { version: this.version, loadedAt: this.state.loadedAt, reason });
      return { ok: true };
    } catch (error) {
      this.emit("reload-failed", error, reason);
      return { ok: false, error };
    }
  }

  /** Watches the folders (atomic renames replace the file, not its content). */
  watchFiles() {
    const byDir = new Map();
    for (const f of Object.values(this.files)) {
      if (!f) continue;
      const d = dirname(f);
      if (!byDir.has(d)) byDir.set(d, new Set());
      byDir.get(d).add(basename(f));
    }
    for (const [d, names] of byDir) {
      const w = watch(d, { persistent: false }, (_event, name) => {
        if (name && names.has(String(name))) this.schedule();
      });
      w.on("error", (e) => this.emit("reload-failed", e, "watch"));
      this.watchers.push(w);
    }
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload("file-change"), this.debounceMs);
    this.timer.unref();
  }

  close() {
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}
