// The directory read from a live deployment's REST API by the connector
// (`orgpolicy/langsmith` fetchDocuments, `PolicyEngine.fromApi`), refreshed
// every `intervalSeconds`, on SIGHUP and on the admin reload. A refresh that
// fails (network, HTTP error, invalid document) keeps the last good engine;
// one that finds the same documents and configuration keeps the engine and
// only marks it current. The members the service uses are described in
// engine-source.mjs.
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { fetchDocuments } from "../langsmith/index.mjs";
import { EngineSource, readInstanceConfig } from "./engine-source.mjs";

export class LangSmithEngineSource extends EngineSource {
  /**
   * @param {{ orgpolicy, baseUrl: string, orgs: { orgId: string, apiKey: string }[],
   *           env?: string, helmValues?: string, intervalSeconds?: number,
   *           connector?: object, onWarning?: (w) => void, onEvent?: (e) => void }} options
   *   `connector`: more `fetchDocuments` options (timeoutMs, concurrency, retries, ...).
   */
  constructor({ orgpolicy, baseUrl, orgs, env, helmValues, intervalSeconds = 60, connector = {}, onWarning = () => {}, onEvent = () => {} }) {
    super();
    if (typeof orgpolicy?.PolicyEngine?.fromApi !== "function") {
      throw new Error("orgpolicy.PolicyEngine: expected the PolicyEngine class of orgpolicy (with fromApi)");
    }
    if (!(typeof intervalSeconds === "number" && intervalSeconds > 0)) {
      throw new Error(`intervalSeconds: expected a number > 0, found ${JSON.stringify(intervalSeconds)}`);
    }
    this.orgpolicy = orgpolicy;
    this.fetchOptions = { ...connector, baseUrl, orgs, onEvent };
    this.files = { env: env && resolve(env), helmValues: helmValues && resolve(helmValues) };
    this.intervalMs = intervalSeconds * 1000;
    // The configuration is reread on every refresh: report each warning once.
    const seen = new Set();
    this.onWarning = (w) => {
      const k = `${w.key}\n${w.line}\n${w.message}`;
      if (!seen.has(k)) {
        seen.add(k);
        onWarning(w);
      }
    };
    this.timer = null;
    /** SHA-256 of the documents and configuration the current engine was built from. */
    this.lastDigest = null;
  }

  async start() {
    const r = await this.reload("start");
    if (!r.ok) throw r.error;
    if (this.timer === null) {
      this.timer = setInterval(() => void this.reload("interval"), this.intervalMs);
      this.timer.unref();
    }
  }

  async loadOnce(reason) {
    const [{ documents }, config] = await Promise.all([
      fetchDocuments(this.fetchOptions),
      readInstanceConfig(this.orgpolicy, this.files, this.onWarning),
    ]);
    const text = JSON.stringify(documents);
    const digest = createHash("sha256").update(JSON.stringify(config)).update("\n").update(text).digest("hex");
    if (this.state !== null && digest === this.lastDigest) return this.confirm(reason);
    const engine = this.orgpolicy.PolicyEngine.fromApi(config, text);
    this.lastDigest = digest;
    return this.publish(engine, reason);
  }

  close() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
