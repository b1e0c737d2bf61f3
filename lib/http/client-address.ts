/**
 * Who is asking: the client's address and scheme, from the socket, or from forwarded headers
 * only when the socket's peer is a proxy the operator listed in TRUST_PROXY (off by default).
 * The app server (worker/app-server.ts) computes this once per request and overwrites the
 * forwarded headers with the result, so everything behind it (rate limits, sign-in throttles,
 * Secure cookies, links) reads values no client can forge.
 */
import { BlockList, isIP } from "node:net";

export interface TrustedProxies {
  list: BlockList;
  /** As configured, for messages. */
  text: string;
}

export class TrustProxyError extends Error {}

/**
 * TRUST_PROXY: comma-separated addresses or CIDR ranges of the reverse proxies in front of the
 * app ("127.0.0.1", "10.0.0.0/8, fd00::/8"), or "loopback" for 127.0.0.0/8 and ::1. Empty or
 * unset trusts nobody.
 */
export function trustedProxiesFrom(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  const text = (value ?? "").trim();
  for (const raw of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (raw === "loopback") {
      list.addSubnet("127.0.0.0", 8, "ipv4");
      list.addAddress("::1", "ipv6");
      continue;
    }
    const [addr, bits] = raw.split("/");
    const family = isIP(addr);
    if (!family) throw new TrustProxyError(`TRUST_PROXY: "${raw}" is not an IP address or CIDR range (like 10.0.0.0/8 or ::1)`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) {
      list.addAddress(addr, type);
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new TrustProxyError(`TRUST_PROXY: "${raw}" has an invalid prefix length`);
    list.addSubnet(addr, prefix, type);
  }
  return { list, text };
}

/** "::ffff:127.0.0.1" is the IPv4 address it carries. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped ? mapped[1] : address).toLowerCase();
}

function isTrusted(trust: TrustedProxies, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trust.list.check(address, family === 4 ? "ipv4" : "ipv6");
}

export interface ClientAddress {
  /** The client's IP address. */
  address: string;
  proto: "http" | "https";
  /** The host the client asked for, from a trusted proxy; undefined: use the Host header. */
  forwardedHost?: string;
}

type HeaderValue = string | string[] | undefined;
const joined = (v: HeaderValue) => (Array.isArray(v) ? v.join(",") : v ?? "");

/**
 * The client of a request that arrived from `peer` over `encrypted` or plain TCP. Forwarded
 * headers count only when the peer is trusted; then X-Forwarded-For is read from the right
 * (the nearest hop) past every trusted proxy, so a client cannot prepend an address of its choice.
 */
export function clientAddressOf(
  headers: Record<string, HeaderValue>,
  peer: string | undefined,
  encrypted: boolean,
  trust: TrustedProxies,
): ClientAddress {
  const socketAddress = normalizeAddress(peer ?? "");
  const direct: ClientAddress = { address: socketAddress || "unknown", proto: encrypted ? "https" : "http" };
  if (!socketAddress || !isTrusted(trust, socketAddress)) return direct;

  const hops = joined(headers["x-forwarded-for"]).split(",").map((s) => normalizeAddress(s.trim())).filter(Boolean);
  let address = socketAddress;
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) break; // garbage from further out: the last good hop is the client
    address = hops[i];
    if (!isTrusted(trust, hops[i])) break;
  }
  const protoHeader = joined(headers["x-forwarded-proto"]).split(",")[0].trim().toLowerCase();
  const proto = protoHeader === "https" || protoHeader === "http" ? protoHeader : direct.proto;
  const host = joined(headers["x-forwarded-host"]).split(",")[0].trim();
  return { address, proto, forwardedHost: host || undefined };
}

/** Whether the request's direct peer is a TRUST_PROXY proxy (whose forwarded headers, and request id, count). */
export function isTrustedPeer(trust: TrustedProxies, peer: string | undefined): boolean {
  const address = normalizeAddress(peer ?? "");
  return address !== "" && isTrusted(trust, address);
}

/** Headers a client could send to pretend to be a proxy; replaced or removed before the app sees them. */
export const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded", "x-status-path"] as const;

/** The request's path and query as the app server received them (set by worker/app-server.ts). */
export const REQUEST_PATH_HEADER = "x-status-path";

/**
 * The key that rate limits and sign-in throttles count a client by, inside the app: the
 * X-Forwarded-For that worker/app-server.ts wrote (one address, never the client's own header),
 * bounded in length.
 */
export function clientKey(headers: Pick<Headers, "get">): string {
  return (headers.get("x-forwarded-for")?.split(",")[0].trim() || "unknown").slice(0, 64);
}

/** Whether the client reached us over HTTPS, or the site is served as https (PUBLIC_URL). */
export function isSecureRequest(headers: Pick<Headers, "get">, env: Record<string, string | undefined> = process.env): boolean {
  return headers.get("x-forwarded-proto") === "https" || /^https:\/\//i.test(env.PUBLIC_URL?.trim() ?? "");
}
