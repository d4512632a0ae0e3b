// A TypeScript consumer of orgpolicy/langsmith (the connector), as Node
// resolves it. Compiled with `tsc --noEmit --strict`; never run.
import { PolicyEngine, directoryFromApi, type ApiDocuments } from "orgpolicy";
import {
  createSync,
  fetchDocuments,
  retryAfterMs,
  endpoints,
  ConnectorFetchError,
  DIRECTORY_STALE,
  type ConnectorEvent,
  type DirectorySync,
  type RefreshResult,
  type SyncStatus,
} from "orgpolicy/langsmith";
import { createGuard } from "orgpolicy/middleware";

const events: ConnectorEvent[] = [];
const sync: DirectorySync<PolicyEngine> = createSync({
  PolicyEngine,
  config: {},
  baseUrl: "https://langsmith.example.com",
  orgs: [{ orgId: "org", apiKey: "key" }],
  intervalMs: 60_000,
  maxStalenessMs: 300_000,
  onEvent: (e) => events.push(e),
});
// @ts-expect-error: orgs need an apiKey
createSync({ PolicyEngine, config: {}, baseUrl: "https://x", orgs: [{ orgId: "org" }] });

export async function use(): Promise<void> {
  const r: RefreshResult = await sync.start();
  if (r.ok) {
    const changed: boolean = r.changed;
    const ms: number = r.fetchMs + r.buildMs + r.requests;
    void changed;
    void ms;
  }
  const { engine, release } = sync.acquire();
  const yes: boolean = engine.can("user", "org", null, "runs:read");
  void yes;
  release();
  const s: SyncStatus = sync.status();
  const age: number | null = s.ageMs;
  void age;
  createGuard({ getEngine: () => sync.getEngine(), routes: [] });
  const { documents, stats } = await fetchDocuments({ baseUrl: "https://x", orgs: [{ orgId: "o", apiKey: "k" }] });
  const docs: ApiDocuments = documents;
  const text: string = directoryFromApi(docs);
  const built: PolicyEngine = PolicyEngine.fromApi({}, text);
  built.free();
  const n: number = stats.requests;
  void n;
  const wait: number | null = retryAfterMs("3");
  void wait;
  const route: string = endpoints.members;
  void route;
  const stale: "DIRECTORY_STALE" = DIRECTORY_STALE;
  void stale;
  try {
    sync.stop();
  } catch (e) {
    if (e instanceof ConnectorFetchError) {
      const code: string = e.code;
      void code;
    }
  }
}
