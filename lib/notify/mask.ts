/**
 * How a secret setting is shown once saved (dashboard, logs, error messages): enough to tell two
 * secrets apart, never enough to use one.
 */

/** Secrets shorter than this show no characters at all: 4 of 8 would be half the secret. */
const MIN_LENGTH_TO_REVEAL = 12;
const REVEALED_CHARS = 4;

function tail(secretPart: string): string {
  const chars = Array.from(secretPart);
  return chars.length >= MIN_LENGTH_TO_REVEAL ? chars.slice(-REVEALED_CHARS).join("") : "";
}

/**
 * `https://hooks.slack.com/services/T0/B0/a1B2` → `https://hooks.slack.com/…a1B2` (the origin is
 * not secret, the path is), `whsec_…XyZ9` (a type prefix is kept), `••••1234` otherwise. Never
 * more than the last 4 characters of the secret part, and none of a short one.
 */
export function maskSecret(value: string): string {
  const url = parseUrl(value);
  if (url) {
    // Scheme and host only: user:password is secret too.
    const origin = `${url.protocol}//${url.host}`;
    const secretPart = `${url.pathname}${url.search}${url.hash}`.replace(/^\/+/, "");
    return secretPart ? `${origin}/…${tail(secretPart)}` : origin;
  }
  const prefixed = /^([A-Za-z]{2,8}_)(.+)$/s.exec(value);
  if (prefixed) return `${prefixed[1]}…${tail(prefixed[2])}`;
  return `••••${tail(value)}`;
}

function parseUrl(value: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(value)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
