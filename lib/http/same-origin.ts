/**
 * Same-origin checks for private JSON read by the dashboard's own scripts. The scheme and host
 * come from the headers worker/app-server.ts wrote (X-Forwarded-Proto from the socket or a
 * trusted proxy), so a client cannot choose what "our origin" is.
 */
type HeaderSource = Pick<Headers, "get">;

/** The app's own origin as this request reached it, like "https://status.example.com". */
export function ownOrigin(headers: HeaderSource): string {
  const proto = headers.get("x-forwarded-proto") === "https" ? "https" : "http";
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost";
  return `${proto}://${host}`;
}

/**
 * Whether a request comes from one of our own pages: its Origin, when sent, is ours, and a
 * browser's Sec-Fetch-Site, when sent, says same-origin (a same-origin GET carries no Origin).
 * A request with neither is not from a browser page; the session check still applies to it.
 */
export function isSameOriginRequest(headers: HeaderSource): boolean {
  const origin = headers.get("origin");
  if (origin !== null && origin !== ownOrigin(headers)) return false;
  const site = headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}
