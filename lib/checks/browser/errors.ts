/** Why a page did not load, in words: Chromium's network errors as verdicts. */
import type { ErrorClass } from "../types";
import { proxyFailureOfNavigation } from "./guard";
import type { RunState, Verdict } from "./state";

/** A Chromium network error (net::ERR_…) as a verdict; anything else is rethrown. */
export function navigationFailure(err: unknown, url: URL, state: RunState): Verdict {
  const text = err instanceof Error ? err.message : String(err);
  const code = /net::(ERR_[A-Z0-9_]+)/.exec(text)?.[1];
  if (!code) throw err;
  const refused = state.proxy ? proxyFailureOfNavigation(state, url) : undefined;
  if (refused) return refused;
  const errorClass = netErrorClass(code);
  const host = url.host;
  const words: Record<ErrorClass, string> = {
    dns: `could not resolve ${url.hostname}`,
    connect: `could not connect to ${host}`,
    tls: `TLS handshake or certificate failed for ${host}`,
    timeout: `timed out connecting to ${host}`,
    blocked: `Chromium refused to load ${url.href}`,
    protocol: `loading the page failed`,
    assertion: "loading the page failed",
    internal: "loading the page failed",
  };
  return { status: "down", errorClass, message: `${words[errorClass]} (net::${code})`, screenshot: false };
}

function netErrorClass(code: string): ErrorClass {
  if (/^ERR_(NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|DNS_)/.test(code)) return "dns";
  if (/^ERR_(CERT_|SSL_|BAD_SSL_|CERTIFICATE_|ECH_)/.test(code)) return "tls";
  if (code === "ERR_TIMED_OUT" || code === "ERR_CONNECTION_TIMED_OUT") return "timeout";
  if (/^ERR_(UNSAFE_PORT|BLOCKED_BY_)/.test(code)) return "blocked";
  if (
    /^ERR_(CONNECTION_(REFUSED|RESET|CLOSED|FAILED|ABORTED)|ADDRESS_(UNREACHABLE|INVALID)|NETWORK_(UNREACHABLE|CHANGED|ACCESS_DENIED)|INTERNET_DISCONNECTED|EMPTY_RESPONSE|SOCKET_NOT_CONNECTED)$/.test(
      code,
    )
  ) {
    return "connect";
  }
  return "protocol";
}

