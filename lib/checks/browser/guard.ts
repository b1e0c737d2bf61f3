/**
 * The target policy in a browser check: the URL's own host judged before Chromium starts (a
 * shortcut), and the policy proxy's record (proxy.ts, the guard itself) read back into verdicts.
 */
import { lookup } from "node:dns/promises";
import type { AddressJudge } from "../policy";
import type { ErrorClass } from "../types";
import { firstLine } from "../frame";
import type { ProxyFailure } from "./proxy";
import type { RunState, Verdict } from "./state";

/** Resolves the URL's host and applies the policy to every address it has. */
export async function judgeTarget(url: URL, judge: AddressJudge): Promise<{ errorClass: ErrorClass; message: string } | undefined> {
  const hostname = bareHostname(url);
  const verdict = await judgeHostname(hostname, judge);
  if (verdict.unresolved) return { errorClass: "dns", message: `could not resolve ${hostname} (${verdict.unresolved})` };
  if (verdict.refused) return { errorClass: "blocked", message: verdict.refused };
  return undefined;
}

async function judgeHostname(hostname: string, judge: AddressJudge): Promise<{ refused?: string; unresolved?: string }> {
  let addresses: { address: string }[];
  try {
    addresses = await lookup(hostname, { all: true, verbatim: true });
  } catch (err) {
    return { unresolved: (err as { code?: string }).code ?? firstLine(err) };
  }
  for (const { address } of addresses) {
    const refused = judge(hostname, address);
    if (refused) return { refused };
  }
  return {};
}

/** Requests of the page the proxy refused under the policy. */
export function blockedRequests(state: RunState): ProxyFailure[] {
  return state.proxy?.failures.filter((f) => f.errorClass === "blocked") ?? [];
}

/** "host:port" of a URL, as Chromium names a proxy target (IPv6 in brackets). */
export function proxyTarget(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
}

/**
 * Why the main document did not load, when the proxy knows: the last hop (the URL or the
 * redirect to follow) that the proxy refused or could not reach.
 */
export function proxyFailureOfNavigation(state: RunState, url: URL): Verdict | undefined {
  const hops = [url.href, ...state.redirects].reverse();
  for (const hop of hops) {
    let hopUrl: URL;
    try {
      hopUrl = new URL(hop);
    } catch {
      continue;
    }
    const target = proxyTarget(hopUrl);
    const failure = state.proxy?.failures.findLast((f) => (f.url !== undefined ? f.url === hopUrl.href : f.target === target));
    if (!failure) continue;
    const redirected = hop !== url.href;
    if (failure.errorClass === "blocked") {
      return { status: "down", errorClass: "blocked", message: redirected ? `the page redirected to ${hopUrl.href}: ${failure.message}` : failure.message, screenshot: false };
    }
    const what = failure.errorClass === "dns" ? `could not resolve ${hopUrl.hostname}` : `could not connect to ${hopUrl.host}`;
    return { status: "down", errorClass: failure.errorClass, message: `${what}${redirected ? ` (redirected to ${hopUrl.href})` : ""}: ${failure.message}`, screenshot: false };
  }
  return undefined;
}

export function bareHostname(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

