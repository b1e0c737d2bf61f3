/** The settings of an HTTP(S) monitor, and what a run needs of them worked out once. */
import { z } from "zod";
import { durationMs, sizeBytes } from "../../config/units";
import { DAY_MS, plural } from "../frame";
import { JsonAssertionSyntaxError, parseJsonAssertion, type JsonAssertion } from "../json-path";
import { compilePattern, patternProblem } from "../safe-regex";

export const HTTP_DEFAULT_MAX_BODY_BYTES = 1_048_576;
export const HTTP_DEFAULT_MAX_REDIRECTS = 5;
export const HTTP_DEFAULT_TLS_EXPIRY_WARNING_MS = 14 * DAY_MS;
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** "200", 200 or "200-299" → an inclusive range. */
const statusRange = z.union([z.number().int(), z.string()]).transform((value, ctx): [number, number] => {
  const text = String(value).trim();
  const m = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(text);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || lo < 100 || hi > 599 || lo > hi) {
    ctx.addIssue({ code: "custom", message: `expected a status code or range like 200 or "200-299", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return [lo, hi];
});

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The name of an environment variable on the probe that holds a secret (never the secret). */
const envVarName = z
  .string({ error: "expected the name of an environment variable on the probe, like API_TOKEN" })
  .refine((name) => ENV_VAR_NAME.test(name), {
    error: (iss) => `expected the name of an environment variable (letters, digits and _), like API_TOKEN, got ${JSON.stringify(iss.input)}`,
  });

const SECRET_FIELDS_HINT: Record<string, string> = {
  password: "passwordEnv",
  token: "tokenEnv",
};

/**
 * An object that rejects unknown keys, pointing a plain-text secret (`password:`, `token:`) to
 * its environment-variable field.
 */
function authObject<S extends z.core.$ZodLooseShape>(shape: S) {
  const known = Object.keys(shape);
  return z.looseObject(shape).superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value)) {
        if (known.includes(key)) continue;
        const envField = SECRET_FIELDS_HINT[key];
        const message = envField
          ? `secrets are not written in the config file: put it in an environment variable on the probe and name that variable in ${envField}`
          : `unknown field; expected ${known.join(", ")}`;
        ctx.addIssue({ code: "custom", path: [key], message });
      }
    },
    // Also when a field failed: `token: …` next to a missing tokenEnv must get its hint.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value) },
  );
}

const authSchema = authObject({
  /** HTTP Basic authentication; the password is read from an environment variable on the probe. */
  basic: authObject({
    username: z
      .string({ error: "expected a user name" })
      .min(1, { error: "must not be empty" })
      .refine((name) => !name.includes(":"), { error: 'must not contain ":" (HTTP Basic cannot carry it)' }),
    passwordEnv: envVarName,
  }).optional(),
  /** `Authorization: Bearer <token>`; the token is read from an environment variable on the probe. */
  bearer: authObject({ tokenEnv: envVarName }).optional(),
}).refine((auth) => (auth.basic ? 1 : 0) + (auth.bearer ? 1 : 0) === 1, {
  error: "expected exactly one of basic: { username, passwordEnv } or bearer: { tokenEnv }",
});

/** Response header assertions: names case-insensitive (stored lowercase), values must contain the text. */
const expectHeadersSchema = z.record(z.string(), z.string().min(1, { error: "must not be empty" })).transform((headers, ctx) => {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (key in lowered) {
      ctx.addIssue({ code: "custom", path: [name], message: `header ${key} is listed twice (header names are case-insensitive)` });
      return z.NEVER;
    }
    lowered[key] = value;
  }
  return lowered;
});

/** A JSON assertion, checked for syntax here; stored as written and parsed once per run config. */
const jsonAssertionSchema = z.string({ error: 'expected an assertion like "$.status == \"ok\""' }).superRefine((text, ctx) => {
  try {
    parseJsonAssertion(text);
  } catch (err) {
    if (!(err instanceof JsonAssertionSyntaxError)) throw err;
    ctx.addIssue({ code: "custom", message: `invalid JSON assertion: ${err.message}` });
  }
});

/**
 * The settings of an HTTP(S) monitor as written in status.config.yaml (next to the common
 * monitor fields). The output is the normalized form stored in monitors.check_config.
 * Checks are field by field: the config file spreads this shape into the monitor object, so an
 * object-level refinement here would never run.
 */
export const httpCheckConfigSchema = z.object({
  /** The URL to check: http or https only, without credentials (see `auth`). */
  url: z.string({ error: "expected a URL like https://example.com/health" }).superRefine((u, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      ctx.addIssue({ code: "custom", message: "expected an http:// or https:// URL" });
      return;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "expected an http:// or https:// URL" });
    } else if (parsed.username || parsed.password) {
      ctx.addIssue({
        code: "custom",
        message: "must not contain credentials (user:password@); use auth: { basic: { username, passwordEnv } } so that the password stays out of the file",
      });
    }
  }),
  method: z.enum(HTTP_METHODS).default("GET"),
  /** Request headers sent as given (connection headers excepted). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Request body sent as is (content-length is set from it); set content-type in `headers`. */
  body: z.string().optional(),
  /** Authorization from a secret in the probe's environment: { basic: { username, passwordEnv } } or { bearer: { tokenEnv } }. */
  auth: authSchema.optional(),
  /** Expected status codes or ranges; anything else is down. */
  expectedStatus: z.array(statusRange).min(1).default([[200, 299]]),
  /** The body must contain this text, or the check is down. */
  bodyContains: z.string().min(1).optional(),
  /** The body must not contain this text, or the check is down. */
  bodyNotContains: z.string().min(1).optional(),
  /** The body must match this JavaScript regular expression (no flags; each match is time-capped), or the check is down. */
  bodyRegex: z.string({ error: "expected a regular expression" }).superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }).optional(),
  /** Assertions on the JSON body, like '$.status == "ok"' or "$.items.length > 0"; each failing one makes the check down. */
  json: z.array(jsonAssertionSchema, { error: "expected a list of assertions like '$.status == \"ok\"'" }).min(1).optional(),
  /** Response headers that must contain the given text (names and values compared case-insensitively), or the check is down. */
  expectHeaders: expectHeadersSchema.optional(),
  /** Slower than this (total time) is degraded, not down. Output in ms. */
  maxLatency: durationMs({ min: 1 }).optional(),
  /** Stop reading the body after this many bytes (the check is down: body over the cap); decoded bytes when a body assertion reads a compressed body. */
  maxBodySize: sizeBytes({ min: 1, max: 64 * 1_048_576 }).default(HTTP_DEFAULT_MAX_BODY_BYTES),
  /** Follow at most this many redirects; 0 means report the redirect status as is. */
  maxRedirects: z.number().int().min(0).max(20).default(HTTP_DEFAULT_MAX_REDIRECTS),
  /** Accept self-signed or wrong-host certificates (the check then reports TLS as not verified); an expired one is down regardless. */
  ignoreTlsErrors: z.boolean().default(false),
  /** A certificate that expires sooner than this is degraded; "0d" turns the warning off. Output in ms. */
  tlsExpiryWarning: durationMs({ min: 0, max: 365 * DAY_MS }).default(HTTP_DEFAULT_TLS_EXPIRY_WARNING_MS),
});

export type HttpCheckConfig = z.output<typeof httpCheckConfigSchema>;

/**
 * What a config needs at run time that can be worked out once: compiled regex, parsed JSON
 * assertions, the encoded body. Cached per config object (never mutated once parsed), which the
 * probe keeps between runs.
 */
export interface PreparedHttpConfig {
  expectedStatusText: string;
  requestBody?: Buffer;
  bodyRegex?: RegExp;
  json?: JsonAssertion[];
  /** [lowercase name, expected text, expected text lowercased] */
  expectHeaders?: [string, string, string][];
  /** Whether any assertion reads the body (otherwise it is counted and dropped). */
  keepBody: boolean;
  /** 0 when the certificate expiry warning is off. */
  tlsExpiryWarningMs: number;
  tlsExpiryExpected: string;
  /** The last Authorization header built, and the secret it was built from. */
  authorization?: { secret: string; header: string };
}


const preparedConfigs = new WeakMap<HttpCheckConfig, PreparedHttpConfig>();

export function prepare(config: HttpCheckConfig): PreparedHttpConfig {
  let prepared = preparedConfigs.get(config);
  if (prepared) return prepared;
  // Stored configs from before the field existed have no value: the default applies.
  const tlsExpiryWarningMs = config.tlsExpiryWarning ?? HTTP_DEFAULT_TLS_EXPIRY_WARNING_MS;
  prepared = {
    tlsExpiryWarningMs,
    tlsExpiryExpected: `expires in ≥ ${plural(Math.round((tlsExpiryWarningMs / DAY_MS) * 100) / 100, "day")}`,
    expectedStatusText: formatStatusRanges(config.expectedStatus),
    requestBody: config.body !== undefined && config.body.length > 0 ? Buffer.from(config.body, "utf8") : undefined,
    bodyRegex: config.bodyRegex !== undefined ? compilePattern(config.bodyRegex) : undefined,
    json: config.json?.map(parseJsonAssertion),
    expectHeaders: config.expectHeaders && Object.entries(config.expectHeaders).map(([name, text]) => [name.toLowerCase(), text, text.toLowerCase()]),
    keepBody: config.bodyContains !== undefined || config.bodyNotContains !== undefined || config.bodyRegex !== undefined || config.json !== undefined,
  };
  preparedConfigs.set(config, prepared);
  return prepared;
}

function formatStatusRanges(ranges: [number, number][]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(", ");
}

