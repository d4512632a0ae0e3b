#!/usr/bin/env node
// orgpolicy-authz: command line of the authorization service (see --help).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import pino from "pino";
import promClient from "prom-client";
import { createAuthzService, createMetrics, createSessionVerifier, FileEngineSource, LangSmithEngineSource, readRouteTable } from "./index.mjs";

const require = createRequire(import.meta.url);

const HELP = `orgpolicy-authz: authorization service for nginx auth_request, Caddy forward_auth,
Traefik ForwardAuth and Envoy ext_authz, deciding each request with orgpolicy.

Usage: orgpolicy-authz --directory FILE [options]
       orgpolicy-authz --platform-url URL --org ORG_ID=ENV_VAR [--org ...] [options]

Every option can also be given as the environment variable shown (a flag wins).

Directory from files, or from a live deployment (one of the two)
  --directory FILE          ORGPOLICY_DIRECTORY      directory JSON (orgs, members, keys)
  --platform-url URL        ORGPOLICY_PLATFORM_URL   read the directory from the deployment's REST API
                                                     (https://langsmith.example.com, with or without /api/v1)
  --org ORG_ID=ENV_VAR      ORGPOLICY_ORGS           an organization to read, and the environment variable
                                                     holding its org-admin API key (never the key itself);
                                                     repeat for each organization (variable: comma-separated)
  --orgs-file FILE          ORGPOLICY_ORGS_FILE      the same as JSON: [{ "orgId": ..., "apiKeyEnv": ... }]
  --refresh-interval SECONDS  ORGPOLICY_REFRESH_INTERVAL
                                                     time between refreshes (default 60); SIGHUP and
                                                     POST /admin/reload refresh now, never two at once

Instance configuration and routes (the files are reread on each reload or refresh)
  --config-env FILE         ORGPOLICY_CONFIG_ENV     the instance's Docker .env (instance switches)
  --helm-values FILE        ORGPOLICY_HELM_VALUES    the instance's Helm values.yaml
  --preset NAME             ORGPOLICY_PRESET         route table: langsmith (default: the platform's whole
                                                     API, generated from its openapi.json) or none
  --routes FILE             ORGPOLICY_ROUTES         your routes, JSON [{ method, path, scope, permission }]
                                                     tried before the preset's (scope "public": no credential)
  --no-watch                ORGPOLICY_WATCH=0        do not reload when the files change
  --max-staleness SECONDS   ORGPOLICY_MAX_STALENESS  once the directory is older, /readyz fails and every
                                                     request is refused with 503 DIRECTORY_STALE (0: never;
                                                     with files: seconds since the last load, default 0;
                                                     from a deployment: since the last good refresh,
                                                     default 5 x --refresh-interval)

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
Signals: SIGHUP reloads the files (or refreshes from the deployment); SIGTERM / SIGINT stop gracefully.
`;

const OPTIONS = {
  directory: ["string", "ORGPOLICY_DIRECTORY"],
  "platform-url": ["string", "ORGPOLICY_PLATFORM_URL"],
  org: ["string", "ORGPOLICY_ORGS", { multiple: true }],
  "orgs-file": ["string", "ORGPOLICY_ORGS_FILE"],
  "refresh-interval": ["string", "ORGPOLICY_REFRESH_INTERVAL"],
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
  const spec = Object.fromEntries(Object.entries(OPTIONS).map(([k, [type, , more]]) => [k, { type, ...more, ...(k === "help" ? { short: "h" } : {}) }]));
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError(e.message);
  }
  for (const [k, [, envName, more]] of Object.entries(OPTIONS)) {
    if (values[k] === undefined && envName && env[envName] !== undefined && env[envName] !== "") {
      values[k] = more?.multiple ? env[envName].split(",").map((v) => v.trim()).filter(Boolean) : env[envName];
    }
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

function platformUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--platform-url: expected an http(s) URL, found \`${text}\``);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--platform-url: expected an http(s) URL, found \`${text}\``);
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError("--platform-url: expected the deployment's base URL, without credentials, query or fragment");
  }
  return text;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** --org ORG_ID=ENV_VAR (repeated) or --orgs-file -> [{ orgId, apiKey }], each key read from its variable. */
function platformOrgs(values, env) {
  const named = [];
  for (const [i, item] of (values.org ?? []).entries()) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--org #${i + 1}: expected ORG_ID=ENV_VAR (the environment variable holding the org's API key)`);
    named.push({ orgId: item.slice(0, eq), apiKeyEnv: item.slice(eq + 1), where: `--org ${item.slice(0, eq)}` });
  }
  if (values["orgs-file"]) {
    const file = values["orgs-file"];
    let doc;
    try {
      doc = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new UsageError(`--orgs-file ${file}: ${e.message}`);
    }
    const list = Array.isArray(doc) ? doc : doc?.orgs;
    if (!Array.isArray(list)) throw new UsageError(`--orgs-file ${file}: expected [{ "orgId": ..., "apiKeyEnv": ... }] or { "orgs": [...] }`);
    for (const [i, o] of list.entries()) {
      const where = `--orgs-file ${file}: [${i}]`;
      if (typeof o?.orgId !== "string" || o.orgId === "") throw new UsageError(`${where}.orgId: expected a non-empty string`);
      if (typeof o.apiKeyEnv !== "string") throw new UsageError(`${where}.apiKeyEnv: expected the name of an environment variable`);
      named.push({ orgId: o.orgId, apiKeyEnv: o.apiKeyEnv, where: `${where}.apiKeyEnv` });
    }
  }
  if (named.length === 0) throw new UsageError("--platform-url needs at least one --org ORG_ID=ENV_VAR (or --orgs-file)");
  const seen = new Set();
  return named.map(({ orgId, apiKeyEnv, where }) => {
    if (seen.has(orgId)) throw new UsageError(`${where}: organization ${orgId} is given twice`);
    seen.add(orgId);
    // Never echo what was given: it may be a key pasted where a variable name belongs.
    if (/^lsv2_/.test(apiKeyEnv)) throw new UsageError(`${where}: this looks like an API key; name the environment variable holding it instead`);
    if (!ENV_NAME.test(apiKeyEnv)) throw new UsageError(`${where}: expected an environment variable name (letters, digits, _)`);
    const apiKey = env[apiKeyEnv];
    if (!apiKey) throw new UsageError(`${where}: the environment variable ${apiKeyEnv} (the org's API key) is not set`);
    return { orgId, apiKey };
  });
}

async function main(argv = process.argv.slice(2), env = process.env) {
  const values = readOptions(argv, env);
  if (values.help) {
    process.stdout.write(HELP);
    return null;
  }
  const platform = values["platform-url"] !== undefined;
  if (values.directory && platform) {
    throw new UsageError("--directory and --platform-url are mutually exclusive: the directory comes from files or from a deployment");
  }
  if (!values.directory && !platform) throw new UsageError("--directory is required (or ORGPOLICY_DIRECTORY), or --platform-url to read a deployment");
  if (!platform) {
    for (const k of ["org", "orgs-file", "refresh-interval"]) if (values[k] !== undefined) throw new UsageError(`--${k} needs --platform-url`);
  }
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
  const onWarning = (w) => logger.warn({ key: w.key, line: w.line }, `config warning: ${w.message}`);
  const files = { env: values["config-env"], helmValues: values["helm-values"] };
  let source;
  let maxStaleness;
  if (platform) {
    const intervalSeconds = number(values, "refresh-interval", 60, { min: 0.001 });
    maxStaleness = number(values, "max-staleness", 5 * intervalSeconds);
    source = new LangSmithEngineSource({
      orgpolicy,
      baseUrl: platformUrl(values["platform-url"]),
      orgs: platformOrgs(values, env),
      ...files,
      intervalSeconds,
      onWarning,
      onEvent: (e) => {
        if (e.type === "retry") logger.warn({ endpoint: e.endpoint, status: e.status, code: e.code, attempt: e.attempt, delayMs: e.delayMs }, "platform request retried");
      },
    });
    logger.info({ platform: source.fetchOptions.baseUrl, orgs: source.fetchOptions.orgs.map((o) => o.orgId), intervalSeconds }, "reading the directory from the deployment");
  } else {
    maxStaleness = number(values, "max-staleness", 0);
    source = new FileEngineSource({ orgpolicy, directory: values.directory, ...files, watch: !values["no-watch"], onWarning });
  }
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
    maxStalenessSeconds: maxStaleness,
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
