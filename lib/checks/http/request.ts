/** The request headers of an HTTP check: ours, the monitor's, and the Authorization from a secret. */
import { CheckFailure } from "../frame";
import { HTTP_ACCEPT_ENCODING } from "./body";
import type { HttpCheckConfig, PreparedHttpConfig } from "./config";
import type { HttpCheckOptions } from "./state";

export const HTTP_DEFAULT_USER_AGENT = "status-monitor/0.1";
/** Each check owns its one connection; callers cannot ask for keep-alive. content-length comes from `body`. */
const IGNORED_REQUEST_HEADERS = new Set(["connection", "keep-alive", "content-length", "transfer-encoding"]);

/** Control characters would split or end the header line: refused rather than sent. */
const HEADER_UNSAFE = /[\0-\x08\x0a-\x1f\x7f]/;

/**
 * The Authorization header from the secret named in `auth`, read from the environment at run
 * time (so a rotated secret is picked up without a config change). Throws an `internal` failure
 * naming the variable, never its value, when the secret is missing or unusable.
 */
function authorizationHeader(config: HttpCheckConfig, prepared: PreparedHttpConfig): string | undefined {
  const auth = config.auth;
  if (!auth) return undefined;
  const [variable, role] = auth.basic ? [auth.basic.passwordEnv, "basic auth password"] : [auth.bearer!.tokenEnv, "bearer token"];
  const secret = process.env[variable];
  if (secret === undefined || secret === "") {
    throw new CheckFailure("internal", `environment variable ${variable} (${role} for this monitor) is ${secret === undefined ? "not set" : "empty"} on the probe`);
  }
  if (prepared.authorization?.secret === secret) return prepared.authorization.header;
  if (HEADER_UNSAFE.test(secret) || (auth.bearer && /\s/.test(secret))) {
    throw new CheckFailure("internal", `environment variable ${variable} (${role} for this monitor) contains a line break, space or control character that cannot go into an HTTP header`);
  }
  const header = auth.basic ? `Basic ${Buffer.from(`${auth.basic.username}:${secret}`, "utf8").toString("base64")}` : `Bearer ${secret}`;
  prepared.authorization = { secret, header };
  return header;
}

export function requestHeaders(config: HttpCheckConfig, prepared: PreparedHttpConfig, opts: HttpCheckOptions): Record<string, string> {
  // Asked for because servers compress anyway, and every coding asked for is decoded (body.ts).
  const headers: Record<string, string> = { "user-agent": opts.userAgent ?? HTTP_DEFAULT_USER_AGENT, "accept-encoding": HTTP_ACCEPT_ENCODING };
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    const key = name.toLowerCase();
    if (!IGNORED_REQUEST_HEADERS.has(key)) headers[key] = value;
  }
  const authorization = authorizationHeader(config, prepared);
  if (authorization !== undefined) headers.authorization = authorization;
  return headers;
}

