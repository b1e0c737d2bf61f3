import { z } from "zod";
import { durationMs, sizeBytes } from "../config/units";

export const HTTP_DEFAULT_MAX_BODY_BYTES = 1_048_576;
export const HTTP_DEFAULT_MAX_REDIRECTS = 5;
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

/**
 * The settings of an HTTP(S) monitor as written in status.config.yaml (next to the common
 * monitor fields). The output is the normalized form stored in monitors.check_config.
 */
export const httpCheckConfigSchema = z.object({
  /** The URL to check: http or https only. */
  url: z
    .string({ error: "expected a URL like https://example.com/health" })
    .refine((u) => {
      try {
        return ["http:", "https:"].includes(new URL(u).protocol);
      } catch {
        return false;
      }
    }, "expected an http:// or https:// URL"),
  method: z.enum(HTTP_METHODS).default("GET"),
  headers: z.record(z.string(), z.string()).default({}),
  /** Expected status codes or ranges; anything else is down. */
  expectedStatus: z.array(statusRange).min(1).default([[200, 299]]),
  /** The body must contain this text, or the check is down. */
  bodyContains: z.string().min(1).optional(),
  /** The body must not contain this text, or the check is down. */
  bodyNotContains: z.string().min(1).optional(),
  /** Slower than this (total time) is degraded, not down. Output in ms. */
  maxLatency: durationMs({ min: 1 }).optional(),
  /** Stop reading the body after this many bytes (the check is down: body over the cap). */
  maxBodySize: sizeBytes({ min: 1, max: 64 * 1_048_576 }).default(HTTP_DEFAULT_MAX_BODY_BYTES),
  /** Follow at most this many redirects; 0 means report the redirect status as is. */
  maxRedirects: z.number().int().min(0).max(20).default(HTTP_DEFAULT_MAX_REDIRECTS),
  /** Accept self-signed, expired or wrong-host certificates (the check then reports TLS as not verified). */
  ignoreTlsErrors: z.boolean().default(false),
});

export type HttpCheckConfig = z.output<typeof httpCheckConfigSchema>;
