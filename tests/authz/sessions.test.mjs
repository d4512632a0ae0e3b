// Session JWTs through orgpolicy-authz (asked directly over the Envoy
// ext_authz protocol, on a user-only route): HS256 with the basic-auth
// secret, RS256 / ES256 from a local JWKS server (also found by OIDC
// discovery), expiry, issuer, audience, signature, `alg: none`, rotation.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { ROOT, startAuthz } from "./support.mjs";

const require = createRequire(`${ROOT}pkg/package.json`);
const { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair } = await import(pathToFileURL(require.resolve("jose")).href);

const SECRET = "basic-auth-jwt-secret-for-tests-0123456789";
const ISSUER = "http://127.0.0.1/issuer";
const AUDIENCE = "langsmith";
const USER_ROUTE = "/check/api/v1/api-key/current";
const WORKSPACE_ROUTE = "/check/api/v1/runs/query";

/** A JWKS server whose key set the test replaces (rotation); counts fetches. */
async function startJwks() {
  const state = { keys: [], fetches: 0 };
  const server = createServer((req, res) => {
    if (req.url === "/issuer/.well-known/openid-configuration") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ issuer: state.issuer, jwks_uri: `${state.base}/jwks.json` }));
      return;
    }
    if (req.url === "/jwks.json") {
      state.fetches++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: state.keys }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.base = `http://127.0.0.1:${server.address().port}`;
  state.issuer = `${state.base}/issuer`;
  state.close = () => new Promise((resolve) => server.close(resolve));
  return state;
}

async function keyPair(alg, kid) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { privateKey, jwk, alg, kid };
}

function token(claims, { key, alg, kid, iss = ISSUER, aud = AUDIENCE, exp = "5m" } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader(kid ? { alg, kid } : { alg }).setIssuedAt();
  if (iss) jwt = jwt.setIssuer(iss);
  if (aud) jwt = jwt.setAudience(aud);
  if (exp !== null) jwt = jwt.setExpirationTime(exp);
  return jwt.sign(key);
}

const hs = (claims, opts = {}) => token(claims, { key: new TextEncoder().encode(SECRET), alg: "HS256", ...opts });

async function ask(authz, path, bearer, headers = {}) {
  const res = await fetch(`${authz.url}${path}`, { headers: { authorization: `Bearer ${bearer}`, ...headers } });
  const body = res.status === 200 ? null : await res.json();
  return { status: res.status, code: body?.code ?? res.headers.get("x-orgpolicy-code"), user: res.headers.get("x-orgpolicy-user-id") };
}

describe("HS256 sessions (basic-auth JWT secret)", () => {
  let authz;
  before(async () => {
    authz = await startAuthz(["--jwt-issuer", ISSUER, "--jwt-audience", AUDIENCE], { env: { ORGPOLICY_JWT_SECRET: SECRET } });
  });
  after(() => authz?.stop());

  test("a valid token acts as its user, on user-only and workspace routes", async () => {
    assert.deepEqual(await ask(authz, USER_ROUTE, await hs({ sub: "user-bob" })), { status: 200, code: "ALLOWED", user: "user-bob" });
    const ws = await ask(authz, WORKSPACE_ROUTE, await hs({ sub: "user-bob" }), { "x-organization-id": "org-default", "x-tenant-id": "ws-production" });
    assert.deepEqual(ws, { status: 200, code: "ALLOWED", user: "user-bob" });
    // victor is a viewer of ws-1 only: the directory still decides
    const v = await ask(authz, WORKSPACE_ROUTE, await hs({ sub: "user-victor" }), { "x-organization-id": "org-default", "x-tenant-id": "ws-production" });
    assert.equal(v.status, 403);
  });

  test("expired, not yet valid, wrong issuer, wrong audience, no expiry: 401", async () => {
    const cases = {
      expired: await hs({ sub: "user-bob" }, { exp: Math.floor(Date.now() / 1000) - 60 }),
      "wrong issuer": await hs({ sub: "user-bob" }, { iss: "http://elsewhere" }),
      "no issuer": await hs({ sub: "user-bob" }, { iss: null }),
      "wrong audience": await hs({ sub: "user-bob" }, { aud: "other" }),
      "no expiry": await hs({ sub: "user-bob" }, { exp: null }),
      "not yet valid": await new SignJWT({ sub: "user-bob" })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime("10m")
        .setNotBefore("5m")
        .sign(new TextEncoder().encode(SECRET)),
      "no user claim": await hs({ name: "bob" }),
    };
    for (const [name, t] of Object.entries(cases)) {
      assert.deepEqual(await ask(authz, USER_ROUTE, t), { status: 401, code: "INVALID_CREDENTIAL", user: null }, name);
    }
  });

  test("wrong signature, tampered payload, alg none, garbage: 401", async () => {
    const other = await token({ sub: "user-bob" }, { key: new TextEncoder().encode(`${SECRET}-other`), alg: "HS256" });
    const good = await hs({ sub: "user-victor" });
    const [h, , s] = good.split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "user-alice", iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 })).toString("base64url");
    const none = new UnsecuredJWT({ sub: "user-alice" }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime("5m").encode();
    for (const [name, t] of Object.entries({ "other secret": other, tampered: `${h}.${forged}.${s}`, "alg none": none, garbage: "not.a.jwt" })) {
      assert.deepEqual(await ask(authz, USER_ROUTE, t), { status: 401, code: "INVALID_CREDENTIAL", user: null }, name);
    }
  });

  test("an RS256 token is refused when only the secret is configured", async () => {
    const k = await keyPair("RS256", "k1");
    const t = await token({ sub: "user-bob" }, { key: k.privateKey, alg: "RS256", kid: "k1" });
    assert.equal((await ask(authz, USER_ROUTE, t)).status, 401);
  });
});

describe("RS256 / ES256 sessions from an OIDC issuer's JWKS", () => {
  let jwks;
  let authz;
  let byDiscovery;
  let rsa1;
  let ec1;
  before(async () => {
    jwks = await startJwks();
    rsa1 = await keyPair("RS256", "rsa-1");
    ec1 = await keyPair("ES256", "ec-1");
    jwks.keys = [rsa1.jwk, ec1.jwk];
    authz = await startAuthz(["--jwks-url", `${jwks.base}/jwks.json`, "--jwt-issuer", jwks.issuer, "--jwt-audience", AUDIENCE, "--jwks-cooldown", "0", "--jwt-user-claim", "ls_user_id"]);
    byDiscovery = await startAuthz(["--oidc-issuer", jwks.issuer, "--jwt-audience", AUDIENCE, "--jwks-cooldown", "0"]);
  });
  after(async () => {
    await authz?.stop();
    await byDiscovery?.stop();
    await jwks?.close();
  });

  const sign = (k, claims, opts = {}) => token(claims, { key: k.privateKey, alg: k.alg, kid: k.kid, iss: jwks.issuer, ...opts });

  test("RS256 and ES256 tokens verify; the user id comes from the configured claim", async () => {
    assert.deepEqual(await ask(authz, USER_ROUTE, await sign(rsa1, { sub: "x", ls_user_id: "user-bob" })), { status: 200, code: "ALLOWED", user: "user-bob" });
    assert.deepEqual(await ask(authz, USER_ROUTE, await sign(ec1, { sub: "x", ls_user_id: "user-erin" })), { status: 200, code: "ALLOWED", user: "user-erin" });
    // the configured claim is missing: refused, `sub` is not a fallback
    assert.equal((await ask(authz, USER_ROUTE, await sign(rsa1, { sub: "user-bob" }))).status, 401);
  });

  test("OIDC discovery finds the same keys; issuer defaults to the OIDC issuer", async () => {
    assert.deepEqual(await ask(byDiscovery, USER_ROUTE, await sign(rsa1, { sub: "user-bob" })), { status: 200, code: "ALLOWED", user: "user-bob" });
    assert.equal((await ask(byDiscovery, USER_ROUTE, await sign(rsa1, { sub: "user-bob" }, { iss: "http://elsewhere" }))).status, 401);
  });

  test("expired, wrong issuer / audience, unknown key, HS256 with a public key: 401", async () => {
    const stranger = await keyPair("RS256", "rsa-1"); // same kid, other key: bad signature
    const cases = {
      expired: await sign(rsa1, { ls_user_id: "user-bob" }, { exp: Math.floor(Date.now() / 1000) - 5 }),
      "wrong issuer": await sign(rsa1, { ls_user_id: "user-bob" }, { iss: "http://elsewhere" }),
      "wrong audience": await sign(ec1, { ls_user_id: "user-bob" }, { aud: "other" }),
      "bad signature": await token({ ls_user_id: "user-bob" }, { key: stranger.privateKey, alg: "RS256", kid: "rsa-1", iss: jwks.issuer }),
      // HS256 keyed with the RSA public key's text: algorithm confusion
      "HS256 confusion": await token({ ls_user_id: "user-bob" }, { key: new TextEncoder().encode(JSON.stringify(rsa1.jwk)), alg: "HS256", kid: "rsa-1", iss: jwks.issuer }),
    };
    for (const [name, t] of Object.entries(cases)) {
      assert.deepEqual(await ask(authz, USER_ROUTE, t), { status: 401, code: "INVALID_CREDENTIAL", user: null }, name);
    }
  });

  test("rotation: a new key id is fetched, a removed key stops verifying", async () => {
    const rsa2 = await keyPair("RS256", "rsa-2");
    const early = await sign(rsa2, { ls_user_id: "user-bob" });
    // Not published yet: refused.
    assert.equal((await ask(authz, USER_ROUTE, early)).status, 401);
    const before = jwks.fetches;
    jwks.keys = [rsa2.jwk, ec1.jwk]; // rsa-1 retired
    assert.deepEqual(await ask(authz, USER_ROUTE, early), { status: 200, code: "ALLOWED", user: "user-bob" });
    assert.ok(jwks.fetches > before, "the unknown key id made the service fetch the JWKS again");
    // A token under the retired key: its kid is no longer in the cached set.
    assert.equal((await ask(authz, USER_ROUTE, await sign(rsa1, { ls_user_id: "user-bob" }))).status, 401);
  });
});

test("SIGTERM waits for a request in flight (held by a slow JWKS fetch), then exits 0", async () => {
  const k = await keyPair("RS256", "slow-1");
  const server = createServer((req, res) => {
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [k.jwk] }));
    }, 700);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const authz = await startAuthz(["--jwks-url", `http://127.0.0.1:${server.address().port}/jwks.json`, "--shutdown-timeout", "20"]);
  try {
    const exited = new Promise((resolve) => authz.child.once("exit", (code) => resolve(code)));
    const t = await token({ sub: "user-bob" }, { key: k.privateKey, alg: "RS256", kid: "slow-1", iss: ISSUER });
    const inFlight = ask(authz, USER_ROUTE, t);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the request now waits on the JWKS
    authz.child.kill("SIGTERM");
    assert.deepEqual(await inFlight, { status: 200, code: "ALLOWED", user: "user-bob" });
    assert.equal(await exited, 0);
    assert.ok(!authz.logs().some((l) => l.msg.startsWith("shutdown timeout")), "the connection closed once answered, not at the timeout");
    const refused = await fetch(`${authz.url}/healthz`).then(
      () => "answered",
      () => "refused",
    );
    assert.equal(refused, "refused", "nothing listens after the exit");
  } finally {
    await authz.stop();
    await new Promise((resolve) => server.close(resolve));
  }
});
