/**
 * Where sign-in returns to: a path on this site, never another origin. "//evil.example",
 * "/\evil.example", "https://…", control characters and over-long values are refused (null), so
 * a crafted sign-in link cannot send anyone elsewhere after they type their password.
 */
const MAX_RETURN_PATH_LENGTH = 2_000;
const BASE = "http://return.invalid";

export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || value.length > MAX_RETURN_PATH_LENGTH) return null;
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  url.searchParams.delete("_rsc"); // Next's client-navigation marker, not part of the page
  // Only the team's pages: the sign-in and setup pages themselves would loop.
  if (!/^\/(dashboard|ack)(\/|$)/.test(url.pathname)) return null;
  return url.pathname + url.search;
}
