// One change applied in place (`applyChanges`) against a rebuild from JSON
// text, on the synthetic directory, in one fresh process, rounds
// interleaved so both see the same machine.
//   node --expose-gc bench/children/changes.mjs <members> <rounds>
import { median, now } from "./common.mjs";
const { create } = await import("../models/ours.mjs");
const { directoryJson, ORG_ID } = await import("../synth.mjs");

const n = Number(process.argv[2]);
const rounds = Number(process.argv[3] || 9);
const text = directoryJson(n);
const gc = globalThis.gc ?? (() => {});
const engine = create(text);

const member = (i) => `ident-${(i * 7919) % n}`;
let flip = 0;
// Each case is one batch; pairs undo each other so the directory stays the size it was.
const cases = {
  setOrgRole: (i) => [{ op: "setOrgRole", orgId: ORG_ID, memberId: member(i),
    orgRole: (flip++ & 1) ? "ORGANIZATION_VIEWER" : "ORGANIZATION_USER" }],
  "addMember + removeMember": (i) => [
    { op: "addMember", orgId: ORG_ID, member: { id: `ident-new-${i}`, userId: `user-new-${i}`,
      email: `new${i}@example.com`, orgRole: "ORGANIZATION_USER", workspaces: { "ws-1": "WORKSPACE_EDITOR" } } },
    { op: "removeMember", orgId: ORG_ID, memberId: `ident-new-${i}` },
  ],
};
// setWorkspaceRole needs a member holding ws-0: pick those from the document once.
const holders = JSON.parse(text).orgs[0].members.filter((m) => m.workspaces["ws-0"]).map((m) => m.id);
cases.setWorkspaceRole = (i) => [{ op: "setWorkspaceRole", orgId: ORG_ID, memberId: holders[(i * 7919) % holders.length],
  workspaceId: "ws-0", role: (flip++ & 1) ? "WORKSPACE_VIEWER" : "WORKSPACE_EDITOR" }];

const PER = 200; // batches per sample
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
samples.rebuild = [];
let seq = 0;
for (const k of Object.keys(cases)) for (let i = 0; i < 50; i++) engine.applyChanges(cases[k](seq++)); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const k of Object.keys(cases)) {
    const batches = Array.from({ length: PER }, () => cases[k](seq++));
    const t = now();
    for (const b of batches) engine.applyChanges(b);
    samples[k].push((now() - t) / PER);
  }
  gc();
  const t = now();
  const fresh = create(text);
  samples.rebuild.push(now() - t);
  fresh.free();
}
const out = { members: n, memberCount: engine.memberCount, rounds };
for (const [k, v] of Object.entries(samples)) out[k] = median(v);
engine.free();
process.stdout.write(JSON.stringify(out) + "\n");
