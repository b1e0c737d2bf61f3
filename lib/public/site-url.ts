/**
 * The absolute origin of the public site, for links that leave the page (feeds, badges, widgets):
 * PUBLIC_URL when set; otherwise the request's own origin as a reverse proxy reports it
 * (X-Forwarded-Proto/-Host), else its Host. (APP_URL is not used here: `npm start` sets it to
 * the loopback address the worker uses to reach the app, which readers cannot reach.) Header values
 * are taken only when they look like a scheme and a host, so a forged header cannot inject markup
 * or a path; set PUBLIC_URL in production so no header decides the links at all.
 */
export function siteUrlFrom(headers: Pick<Headers, "get">, env: Record<string, string | undefined> = process.env): string {
  const configured = env.PUBLIC_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  const proto = first(headers.get("x-forwarded-proto"))?.toLowerCase();
  const host = first(headers.get("x-forwarded-host")) ?? first(headers.get("host"));
  const scheme = proto === "https" || proto === "http" ? proto : "http";
  return host && HOST.test(host) ? `${scheme}://${host.toLowerCase()}` : `http://localhost:${env.PORT || 3000}`;
}

/** A host name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** Proxies append to these headers: the first value is the one the client reached. */
function first(value: string | null): string | undefined {
  return value?.split(",")[0].trim() || undefined;
}

/**
 * The base of links in notifications, which have no request to look at: PUBLIC_URL, else
 * APP_URL, else localhost. Set PUBLIC_URL so emails and alerts link to the real address.
 */
export function siteUrlFromEnv(env: Record<string, string | undefined> = process.env): string {
  const raw = env.PUBLIC_URL?.trim() || env.APP_URL?.trim() || `http://localhost:${env.PORT || 3000}`;
  return raw.replace(/\/+$/, "");
}
