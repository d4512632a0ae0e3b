// Session tokens (`Authorization: Bearer <jwt>`) verified with `jose`:
// HS256 with the deployment's basic-auth JWT secret, RS256 / ES256 with the
// keys an OIDC issuer publishes (JWKS fetched, cached and refetched when a
// token names a key id not seen yet, i.e. after a rotation). Expiry, issuer
// and audience are checked; the user id comes from a configurable claim.
import { createRemoteJWKSet, jwtVerify } from "jose";

export const ASYMMETRIC_ALGORITHMS = ["RS256", "ES256"];

export class SessionConfigError extends Error {
  constructor(message, option) {
    super(`${option}: ${message}`);
    this.name = "SessionConfigError";
    this.code = "SESSION_CONFIG_INVALID";
    this.path = option;
  }
}

/**
 * Builds `verify(token) -> Promise<{ userId } | { error }>`, or `null` when
 * neither a secret nor an issuer is configured (bearer tokens then get 401).
 *
 * options: { secret, oidcIssuer, jwksUrl, issuer, audience, userClaim = "sub",
 *            clockToleranceSeconds = 0, jwksCooldownSeconds = 30, jwksCacheMaxAgeSeconds = 600,
 *            fetchTimeoutMs = 5000 }
 */
export function createSessionVerifier(options = {}) {
  const {
    secret,
    oidcIssuer,
    jwksUrl,
    userClaim = "sub",
    clockToleranceSeconds = 0,
    jwksCooldownSeconds = 30,
    jwksCacheMaxAgeSeconds = 600,
    fetchTimeoutMs = 5000,
  } = options;
  const issuer = options.issuer ?? oidcIssuer;
  const audience = options.audience;
  if (!secret && !oidcIssuer && !jwksUrl) return null;
  if (typeof userClaim !== "string" || userClaim === "") throw new SessionConfigError("expected a claim name", "jwtUserClaim");
  if (oidcIssuer && jwksUrl) throw new SessionConfigError("give either an OIDC issuer or a JWKS URL, not both", "jwksUrl");
  const secretKey = secret ? new TextEncoder().encode(secret) : null;
  const algorithms = [...(secretKey ? ["HS256"] : []), ...(oidcIssuer || jwksUrl ? ASYMMETRIC_ALGORITHMS : [])];

  const jwksOptions = {
    cooldownDuration: jwksCooldownSeconds * 1000,
    cacheMaxAge: jwksCacheMaxAgeSeconds * 1000,
    timeoutDuration: fetchTimeoutMs,
  };
  let jwks = jwksUrl ? createRemoteJWKSet(parseUrl(jwksUrl, "jwksUrl"), jwksOptions) : null;
  let discovery = null; // in-flight or settled discovery of the issuer's jwks_uri
  const issuerJwks = async () => {
    if (jwks) return jwks;
    if (!discovery) {
      discovery = discoverJwksUri(oidcIssuer, fetchTimeoutMs).then(
        (uri) => {
          jwks = createRemoteJWKSet(uri, jwksOptions);
          return jwks;
        },
        (e) => {
          discovery = null; // try again with the next token
          throw e;
        },
      );
    }
    return discovery;
  };

  const key = async (header, token) => {
    if (header.alg === "HS256") return secretKey;
    return (await issuerJwks())(header, token);
  };

  return async function verify(token) {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms,
        issuer: issuer || undefined,
        audience: audience || undefined,
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ["exp"],
      });
      const userId = payload[userClaim];
      if (typeof userId !== "string" || userId === "") {
        return { error: `the token has no string claim \`${userClaim}\`` };
      }
      return { userId };
    } catch (e) {
      return { error: e && e.code ? `${e.code}: ${e.message}` : String(e) };
    }
  };
}

function parseUrl(text, option) {
  try {
    return new URL(text);
  } catch {
    throw new SessionConfigError(`expected a URL, found \`${text}\``, option);
  }
}

async function discoverJwksUri(issuerUrl, timeoutMs) {
  const base = String(issuerUrl).replace(/\/+$/, "");
  const res = await fetch(`${base}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`OIDC discovery at ${base} answered ${res.status}`);
  const doc = await res.json();
  if (typeof doc.jwks_uri !== "string") throw new Error(`OIDC discovery at ${base} gave no jwks_uri`);
  return new URL(doc.jwks_uri);
}
