#!/usr/bin/env node
// orgpolicy-authz: command line of the authorization service (see --help).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import pino from "pino";
import promClient from "prom-client";
import { createAuthzService, createMetrics, createSessionVerifier, FileEngineSource, readRouteTable } from "./index.mjs";

const require = createRequire(import.meta.url);

const HELP = `orgpolicy-authz: authorization service for nginx auth_request, Caddy forward_auth,
Traefik ForwardAuth and Envoy ext_authz, deciding each request with orgpolicy.

Usage: orgpolicy-authz --directory FILE [options]

Every option can also be given as the environment variable shown (a flag wins).

Directory and routes
  --directory FILE          ORGPOLICY_DIRECTORY      directory JSON (orgs, members, keys)
  --config-env FILE         ORGPOLICY_CONFIG_ENV     the instance's Docker .env (instance switches)
  --helm-values FILE        ORGPOLICY_HELM_VALUES    the instance's Helm values.yaml
  --preset NAME             ORGPOLICY_PRESET         route table: langsmith (default: the platform's whole
                                                     API, generated from its openapi.json) or none
  --routes FILE             ORGPOLICY_ROUTES         your routes, JSON [{ method, path, scope, permission }]
                                                     tried before the preset's (scope "public": no credential)
  --no-watch                ORGPOLICY_WATCH=0        do not reload when the files change
  --max-staleness SECONDS   ORGPOLICY_MAX_STALENESS  /readyz fails once the directory is older (0: never;
                                                     with files: seconds since the last load)

Listening and protocols
  --listen HOST:PORT        ORGPOLICY_LISTEN         default 127.0.0.1:9191 (port 0: any free port)
  --uri-header NAME         ORGPOLICY_URI_HEADER     /auth: original URI header (X-Original-URI)
  --method-header NAME      ORGPOLICY_METHOD_HEADER  /auth: original method header (X-Original-Method)
  --envoy-prefix PATH       ORGPOLICY_ENVOY_PREFIX   ext_authz path prefix (default /check)
  --max-uri-length N        ORGPOLICY_MAX_URI_LENGTH longest request target accepted (default 8192)
  --max-header-length N     ORGPOLICY_MAX_HEADER_LENGTH  longest credential / tenant header (default 8192)

Sessions (Authorization: Bearer <JWT>; without these, bearer tokens get 401;
prefer the variable or the file for the secret: flags show in the process list)
  --jwt-secret SECRET       ORGPOLICY_JWT_SECRET     HS256 secret (the deployment's basic-auth JWT secret)
  --jwt-secret-file FILE    ORGPOLICY_JWT_SECRET_FILE  the same, read from a file
  --oidc-issuer URL         ORGPOLICY_OIDC_ISSUER    RS256/ES256 keys from the issuer's discovery document
  --jwks-url URL            ORGPOLICY_JWKS_URL       RS256/ES256 keys from this JWKS (instead of discovery)
  --jwt-issuer ISS          ORGPOLICY_JWT_ISSUER     required "iss" (default: the OIDC issuer)
  --jwt-audience AUD        ORGPOLICY_JWT_AUDIENCE   required "aud"
  --jwt-user-claim NAME     ORGPOLICY_JWT_USER_CLAIM claim holding the user id (default sub)
  --jwks-cooldown SECONDS   ORGPOLICY_JWKS_COOLDOWN  least time between two JWKS fetches (default 30)

Operations
  --admin-token TOKEN       ORGPOLICY_ADMIN_TOKEN    enables POST /admin/reload with "Authorization: Bearer TOKEN"
  --log-level LEVEL         ORGPOLICY_LOG_LEVEL      pino level: debug logs every decision, info refusals (default info)
  --shutdown-timeout SECONDS                         wait this long for requests in flight (default 10)
  -h, --help

Endpoints: GET /auth (nginx), GET /forward-auth (Caddy, Traefik), ANY /check/<path> (Envoy),
GET /healthz, GET /readyz, GET /metrics (Prometheus), POST /admin/reload.
Signals: SIGHUP reloads the files; SIGTERM / SIGINT stop gracefully.
`;

const OPTIONS = {
  directory: ["string", "ORGPOLICY_DIRECTORY"],
  "config-env": ["string", "ORGPOLICY_CONFIG_ENV"],
  "helm-values": ["string", "ORGPOLICY_HELM_VALUES"],
  preset: ["string", "ORGPOLICY_PRESET"],
  routes: ["string", "ORGPOLICY_ROUTES"],
  "no-watch": ["boolean"],
  "max-staleness": ["string", "ORGPOLICY_MAX_STALENESS"],
  listen: ["string", "ORGPOLICY_LISTEN"],
  "uri-header": ["string", "ORGPOLICY_URI_HEADER"],
  "method-header": ["string", "ORGPOLICY_METHOD_HEADER"],
  "envoy-prefix": ["string", "ORGPOLICY_ENVOY_PREFIX"],
  "max-uri-length": ["string", "ORGPOLICY_MAX_URI_LENGTH"],
  "max-header-length": ["string", "ORGPOLICY_MAX_HEADER_LENGTH"],
  "jwt-secret": ["string", "ORGPOLICY_JWT_SECRET"],
  "jwt-secret-file": ["string", "ORGPOLICY_JWT_SECRET_FILE"],
  "oidc-issuer": ["string", "ORGPOLICY_OIDC_ISSUER"],
  "jwks-url": ["string", "ORGPOLICY_JWKS_URL"],
  "jwt-issuer": ["string", "ORGPOLICY_JWT_ISSUER"],
  "jwt-audience": ["string", "ORGPOLICY_JWT_AUDIENCE"],
  "jwt-user-claim": ["string", "ORGPOLICY_JWT_USER_CLAIM"],
  "jwks-cooldown": ["string", "ORGPOLICY_JWKS_COOLDOWN"],
  "admin-token": ["string", "ORGPOLICY_ADMIN_TOKEN"],
  "log-level": ["string", "ORGPOLICY_LOG_LEVEL"],
  "shutdown-timeout": ["string"],
  help: ["boolean"],
};

class UsageError extends Error {}

function readOptions(argv, env) {
  const spec = Object.fromEntries(Object.entries(OPTIONS).map(([k, [type]]) => [k, { type, ...(k === "help" ? { short: "h" } : {}) }]));
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError(e.message);
  }
  for (const [k, [, envName]] of Object.entries(OPTIONS)) {
    if (values[k] === undefined && envName && env[envName] !== undefined && env[envName] !== "") values[k] = env[envName];
  }
  if (env.ORGPOLICY_WATCH === "0") values["no-watch"] = true;
  return values;
}

function number(values, key, fallback, { min = 0 } = {}) {
  const raw = values[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${key}: expected a number >= ${min}, found \`${raw}\``);
  return n;
}

function listenAddress(text) {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  if (!m || Number(m[3]) > 65535) throw new UsageError(`--listen: expected HOST:PORT, found \`${text}\``);
  return { host: m[1] ?? m[2], port: Number(m[3]) };
}

async function main(argv = process.argv.slice(2), env = process.env) {
  const values = readOptions(argv, env);
  if (values.help) {
    process.stdout.write(HELP);
    return null;
  }
  if (!values.directory) throw new UsageError("--directory is required (or ORGPOLICY_DIRECTORY)");
  const preset = values.preset ?? "langsmith";
  if (preset !== "langsmith" && preset !== "none") throw new UsageError(`--preset: expected langsmith or none, found \`${preset}\``);
  if (preset === "none" && !values.routes) throw new UsageError("--preset none needs --routes");
  const { host, port } = listenAddress(values.listen ?? "127.0.0.1:9191");
  const logger = pino({ level: values["log-level"] ?? "info", base: { service: "orgpolicy-authz" } });

  let routes = [];
  if (values.routes) {
    try {
      routes = readRouteTable(JSON.parse(readFileSync(values.routes, "utf8")), values.routes);
    } catch (e) {
      throw new UsageError(`--routes: ${e.message}`);
    }
  }
  let secret = values["jwt-secret"];
  if (values["jwt-secret-file"]) secret = readFileSync(values["jwt-secret-file"], "utf8").trim();
  const verifySession = createSessionVerifier({
    secret,
    oidcIssuer: values["oidc-issuer"],
    jwksUrl: values["jwks-url"],
    issuer: values["jwt-issuer"],
    audience: values["jwt-audience"],
    userClaim: values["jwt-user-claim"] ?? "sub",
    jwksCooldownSeconds: number(values, "jwks-cooldown", 30),
  });

  // The engine, and the `.env` / values.yaml readers of `orgpolicy/config`.
  const { PolicyEngine } = require("../node/orgpolicy.js");
  const { loadConfig } = require("../config/node/orgpolicy_config.js");
  const orgpolicy = { PolicyEngine, loadConfig };
  const source = new FileEngineSource({
    orgpolicy,
    directory: values.directory,
    env: values["config-env"],
    helmValues: values["helm-values"],
    watch: !values["no-watch"],
    onWarning: (w) => logger.warn({ key: w.key, line: w.line }, `config warning: ${w.message}`),
  });
  await source.start();
  const metrics = createMetrics(promClient, source);
  const service = createAuthzService({
    source,
    preset: preset === "none" ? null : preset,
    routes,
    verifySession,
    logger,
    metrics,
    uriHeader: values["uri-header"],
    methodHeader: values["method-header"],
    envoyPrefix: values["envoy-prefix"],
    maxUriLength: number(values, "max-uri-length", 8192, { min: 16 }),
    maxHeaderLength: number(values, "max-header-length", 8192, { min: 16 }),
    maxStalenessSeconds: number(values, "max-staleness", 0),
    adminToken: values["admin-token"],
    shutdownTimeoutMs: number(values, "shutdown-timeout", 10) * 1000,
  });
  await new Promise((resolve, reject) => {
    service.server.once("error", reject);
    service.server.listen(port, host, resolve);
  });
  const addr = service.server.address();
  logger.info({ address: `${addr.address}:${addr.port}`, preset, routes: service.guard.routes.length, sessions: Boolean(verifySession) }, "listening");

  process.on("SIGHUP", () => source.reload("SIGHUP"));
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    service.close().then(
      () => {
        logger.info("stopped");
        logger.flush?.();
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return service;
}

main().catch((e) => {
  const usage = e instanceof UsageError;
  process.stderr.write(`orgpolicy-authz: ${e.message}${usage ? "\n(see orgpolicy-authz --help)" : ""}\n`);
  process.exit(usage ? 2 : 1);
});
