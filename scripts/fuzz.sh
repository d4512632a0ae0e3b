#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser and entry point that takes outside
# text, with cargo-fuzz (libFuzzer). See RELIABILITY.md.
#
#   scripts/fuzz.sh                 every target for 30 s
#   scripts/fuzz.sh 20              every target for 20 s
#   scripts/fuzz.sh 600 api_call    one target (or several, space-separated)
#   scripts/fuzz.sh --build         install and build only
#
# Targets: env, helm_values, directory_json, group_names, request_headers,
# api_call, api_documents (fuzz/fuzz_targets/; what each checks: fuzz/src/checks.rs).
#
# Only stable Rust is available here, and cargo-fuzz wants nightly flags
# (-Zsanitizer, -Cpasses=sancov-module): RUSTC_BOOTSTRAP=1 lets stable
# rustc accept them. Sanitizer: none by default (`-s none`): the crate is
# safe Rust, so AddressSanitizer adds little over libFuzzer's own crash,
# timeout and out-of-memory detection, and runs 4-5x slower
# (FUZZ_SANITIZER=address to use it anyway); debug assertions and overflow
# checks are on (`-a`). Seeds are regenerated from
# tests/fixtures, tests/scenarios and examples on every run into
# fuzz/corpus/<target>/ (git-ignored, and kept between runs so coverage
# accumulates). A crash stops that target, the script goes on with the
# others, prints the artifact path and exits 1: copy the artifact into
# tests/fuzz_regressions/<target>/ and `cargo test --test fuzz_regressions`
# replays it natively.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1

log() { printf '[fuzz] %s\n' "$*"; }

ALL_TARGETS=(env helm_values directory_json group_names request_headers api_call api_documents)
# FUZZ_SANITIZER=address also works here (RUSTC_BOOTSTRAP=1, no rust-src needed),
# about 4-5x slower per execution and ~15x the memory; see RELIABILITY.md.
FUZZ_FLAGS=(-s "${FUZZ_SANITIZER:-none}" -a)

build_only=0
seconds=30
if [ "${1:-}" = "--build" ]; then
  build_only=1
  shift
elif [ -n "${1:-}" ]; then
  seconds=$1
  shift
fi
case $seconds in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [seconds-per-target] [target...] | --build" >&2; exit 2 ;; esac
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${ALL_TARGETS[@]}"); fi
for t in "${targets[@]}"; do
  [ -f "fuzz/fuzz_targets/$t.rs" ] || { echo "unknown target \`$t\`; expected one of ${ALL_TARGETS[*]}" >&2; exit 2; }
done

# cargo-fuzz from crates.io, once.
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz"
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi
command -v python3 >/dev/null || { echo "python3 is needed to generate the seed corpora" >&2; exit 1; }

mkdir -p fuzz/artifacts fuzz/corpus
log "building targets ($(cargo fuzz --version))"
(cd fuzz && cargo fuzz build "${FUZZ_FLAGS[@]}" >/dev/null 2>"$root/fuzz/artifacts/build.log") || { cat fuzz/artifacts/build.log >&2; exit 1; }
[ "$build_only" = 1 ] && { log "built"; exit 0; }

# Seed corpora and dictionaries (fuzz/corpus and fuzz/corpus/dict.*.txt are generated).
python3 - "$root" <<'PY'
import glob, hashlib, json, os, sys

root = sys.argv[1]
corpus = os.path.join(root, "fuzz", "corpus")

def seed(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()

for p in sorted(glob.glob(os.path.join(root, "tests/fixtures/config/*.env"))):
    seed("env", read(p))
for p in sorted(glob.glob(os.path.join(root, "tests/fixtures/config/*.yaml"))):
    seed("helm_values", read(p))
seed("env", "AUTH_TYPE=oauth\nOAUTH_CLIENT_ID=x\nFF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED='true' # on\n")
seed("helm_values", "config:\n  authType: oauth\n  oauth:\n    enabled: true\ncommonEnv:\n  - name: PAT_CREATION_DISABLED\n    value: \"true\"\n")

directories, calls = [], []
sample = os.path.join(root, "examples", "sample-directory.json")
for p in sorted(glob.glob(os.path.join(root, "examples", "*.json"))):
    directories.append(read(p))
for p in sorted(glob.glob(os.path.join(root, "tests", "scenarios", "*.json"))):
    try:
        s = json.loads(read(p))
    except ValueError:
        continue
    if isinstance(s.get("directory"), dict):
        directories.append(json.dumps(s["directory"], indent=1))
    for c in s.get("checks", []):
        if isinstance(c.get("directory"), dict):
            directories.append(json.dumps(c["directory"], indent=1))
        if "method" in c and "input" in c:
            calls.append(c["method"] + "\n" + json.dumps(c["input"]))
for d in directories:
    seed("directory_json", d)

# api_documents: the stand-in's small deployment, whole and one org at a time.
small = json.loads(read(os.path.join(root, "examples", "standin", "deployment-small.json")))
seed("api_documents", json.dumps(small, indent=1))
for o in small["orgs"]:
    seed("api_documents", json.dumps({"orgs": [o]}))

# api_call runs against examples/sample-directory.json: seeds with its ids.
doc = json.loads(read(sample))
ws = {o["id"]: [w["id"] for w in o["workspaces"]] for o in doc["orgs"]}
users = [m["userId"] for o in doc["orgs"] for m in o.get("members", []) if "userId" in m]
for o in doc["orgs"]:
    org, w0 = o["id"], ws[o["id"]][0]
    for u in users[:6]:
        calls += [
            "check\n" + json.dumps({"userId": u, "orgId": org, "workspaceId": w0, "permission": "workspaces:manage-members"}),
            "can\n" + json.dumps({"userId": u, "orgId": org, "permission": "organization:pats:create"}),
            "permissions\n" + json.dumps({"userId": u, "orgId": org, "workspaceId": w0}),
            "canInvite\n" + json.dumps({"actorId": u, "orgId": org, "workspaceId": w0}),
            "planInvites\n" + json.dumps({"actorId": u, "orgId": org, "workspaceId": w0, "invitees": [
                {"email": " New@Example.com "}, {"email": "bob@example.com", "workspaceRole": "WORKSPACE_EDITOR"},
                {"email": "peggy@example.com"}, {"email": "x", "orgRole": "ORGANIZATION_ADMIN"}]}),
            "canCreatePat\n" + json.dumps({"userId": u, "orgId": org}),
            "canShare\n" + json.dumps({"userId": u, "orgId": org, "workspaceId": w0, "resource": "dataset"}),
            "canManageMembers\n" + json.dumps({"actorId": u, "orgId": org, "operation": {"op": "updateWorkspaceRole", "memberId": "ident-bob", "workspaceId": w0, "role": "WORKSPACE_ADMIN"}}),
            "canAdminister\n" + json.dumps({"actorId": u, "orgId": org, "action": {"action": "deleteCustomRole", "roleId": "role-annotator"}}),
            "canSetDefaultOrg\n" + json.dumps({"actorId": u, "targetOrgId": org}),
        ]
    calls += [
        "capabilities\n" + json.dumps({"orgId": org, "workspaceId": w0}),
        "resolveGroups\n" + json.dumps({"orgId": org, "groups": o.get("groups", []) + ["Organization User:Main:Admin"]}),
        "groupsSyncLogin\n" + json.dumps({"orgId": org, "groups": ["LS:OrganizationAdmins"]}),
    ]
calls += [
    "canCreateOrg\n" + json.dumps({"userId": "user-alice"}),
    "personalOrgOnFirstLogin\n" + json.dumps({"email": "Carol@Example.com"}),
    "firstLogin\n" + json.dumps({"email": "new@example.com", "groups": ["LS:Organization User:Production:Annotators"]}),
    "whatIf\n" + json.dumps({"config": {"authMode": "oauth", "workspaceScopeOrgInvitesEnabled": True}}),
    "authorizeRequest\n" + json.dumps({"credential": {"type": "apiKey", "key": "key-org"}, "tenantId": "ws-1",
                                       "operation": {"scope": "workspace", "permission": "runs:create"}}),
    "authorizeRequest\n" + json.dumps({"credential": {"type": "session", "userId": "user-bob"}, "organizationId": "org-default",
                                       "operation": {"scope": "org"}}),
    "nope\n{}",
]
for c in calls:
    seed("api_call", c)

# Structured targets (arbitrary-decoded bytes): a few byte seeds, plus
# dictionaries of the names they should hit.
import random
rng = random.Random(7)
for t in ("group_names", "request_headers"):
    for n in (8, 32, 128, 512):
        seed(t, bytes(rng.randrange(256) for _ in range(n)))
for g in [g for o in doc["orgs"] for g in o.get("groups", [])]:
    seed("group_names", g)

def dict_file(name, words):
    with open(os.path.join(root, "fuzz", "corpus", "dict." + name + ".txt"), "w") as f:
        for w in sorted(set(words)):
            f.write(json.dumps(w) + "\n")

names = ["Organization Admin", "Organization Admins", "OrganizationAdmins", "Organization User", "Organization Viewer",
         "Organization Operator", "Admin", "Editor", "Viewer", ":", "-", "_", " ", "&", "LS:"]
names += [w["name"] for o in doc["orgs"] for w in o["workspaces"]] + [r["name"] for o in doc["orgs"] for r in o.get("roles", [])]
dict_file("group_names", names)
ids = [k["id"] for o in doc["orgs"] for k in o.get("serviceKeys", []) + o.get("personalAccessTokens", [])]
ids += list(ws) + [w for v in ws.values() for w in v] + users
dict_file("request_headers", ids + ["organization:read", "organization:manage", "runs:create", "workspaces:read"])
dict_file("api_call", ids + ['"userId"', '"orgId"', '"workspaceId"', '"permission"', '"actorId"', '"invitees"', '"email"',
                             '"operation"', '"credential"', '"type"', '"apiKey"', '"session"', '"scope"', '"config"',
                             '"authMode"', '"oauth"', "null", "true", "false", "{}", "[]"])
PY

status=0
summary=()
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  dict=()
  [ -f "fuzz/corpus/dict.$t.txt" ] && dict=("-dict=$root/fuzz/corpus/dict.$t.txt")
  logf="fuzz/artifacts/$t/last-run.log"
  log "$t: ${seconds}s"
  set +e
  (cd fuzz && cargo fuzz run "${FUZZ_FLAGS[@]}" "$t" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 "${dict[@]}") >"$logf" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logf" | grep -o '[0-9]*$' | tail -1)
  last=$(grep -E '^#[0-9]+' "$logf" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  if [ $rc -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $rc, log $logf)"
    status=1
    grep -E 'artifact_prefix|Test unit written to|panicked at' "$logf" | head -5 >&2 || true
  fi
  summary+=("$(printf '%-16s %12s execs  cov %6s  ft %7s  corpus %6s  %s' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result")")
done

log "summary (${seconds}s per target):"
printf '  %s\n' "${summary[@]}"
if [ $status -ne 0 ]; then
  log "a target failed: copy its fuzz/artifacts/<target>/crash-* into tests/fuzz_regressions/<target>/ and fix"
fi
exit $status
