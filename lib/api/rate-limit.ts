/**
 * Requests per API key per minute, counted in this process (a fixed window per key): it costs no
 * write per request, and each app instance counts on its own. Only authenticated keys are
 * counted, so the map holds at most one entry per live key.
 */
import { UserError } from "../errors";

export const API_RATE_WINDOW_MS = 60_000;
/** Default requests per key per minute; API_RATE_LIMIT_PER_MIN sets another. */
export const DEFAULT_API_RATE_LIMIT = 600;

const windows = new Map<string, { start: number; count: number }>();

export function apiRateLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.API_RATE_LIMIT_PER_MIN);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_API_RATE_LIMIT;
}

/** Counts one request of `keyId`; throws rate_limited with the seconds to wait past the limit. */
export function hitApiRateLimit(keyId: string, now = Date.now(), limit = apiRateLimit()): void {
  const start = Math.floor(now / API_RATE_WINDOW_MS) * API_RATE_WINDOW_MS;
  const w = windows.get(keyId);
  if (!w || w.start !== start) {
    if (windows.size > 10_000) for (const [k, v] of windows) if (v.start !== start) windows.delete(k);
    windows.set(keyId, { start, count: 1 });
    return;
  }
  w.count++;
  if (w.count > limit) {
    const retryAfterS = Math.ceil((start + API_RATE_WINDOW_MS - now) / 1000);
    throw new UserError("rate_limited", `Too many requests with this API key: at most ${limit} a minute. Try again in ${retryAfterS} seconds.`, { retryAfterS });
  }
}
