// The directory and the instance configuration read from files, reloaded on
// change (the folders are watched), on SIGHUP and on the admin reload. The
// members the service uses are described in engine-source.mjs.
import { readFile } from "node:fs/promises";
import { watch } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { EngineSource, readInstanceConfig } from "./engine-source.mjs";

export class FileEngineSource extends EngineSource {
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
    this.watchers = [];
    this.timer = null;
  }

  async start() {
    const r = await this.reload("start");
    if (!r.ok) throw r.error;
    if (this.doWatch) this.watchFiles();
  }

  async loadOnce(reason) {
    const [directory, config] = await Promise.all([
      readFile(this.files.directory, "utf8"),
      readInstanceConfig(this.orgpolicy, this.files, this.onWarning),
    ]);
    return this.publish(new this.orgpolicy.PolicyEngine(config, directory), reason);
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
