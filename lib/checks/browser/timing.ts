/** A browser check's phases, read from the page's own navigation timing. */
import { isIP } from "node:net";
import type { Page } from "playwright-core";
import type { PhaseTimings } from "../types";
import { proxyTarget } from "./guard";
import type { RunState } from "./state";

interface NavigationEntry {
  name: string;
  startTime: number;
  domainLookupStart: number;
  domainLookupEnd: number;
  connectStart: number;
  secureConnectionStart: number;
  connectEnd: number;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
  loadEventEnd: number;
  nextHopProtocol: string;
}

const HTTP_VERSIONS: Record<string, string> = { "http/0.9": "0.9", "http/1.0": "1.0", "http/1.1": "1.1", h2: "2", h3: "3" };

/**
 * Reads the page's navigation timing (of the final document, after any redirects) into the
 * phases. Returns the page load time in ms (navigation start to the end of the load event) when
 * the load event has finished.
 */
export async function recordNavigationTiming(page: Page, url: URL, state: RunState): Promise<number | undefined> {
  const entry = await page.evaluate((): NavigationEntry | null => {
    const e = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    if (!e) return null;
    const { name, startTime, domainLookupStart, domainLookupEnd, connectStart, secureConnectionStart, connectEnd, requestStart, responseStart, responseEnd, loadEventEnd, nextHopProtocol } = e;
    return { name, startTime, domainLookupStart, domainLookupEnd, connectStart, secureConnectionStart, connectEnd, requestStart, responseStart, responseEnd, loadEventEnd, nextHopProtocol };
  });
  if (!entry || !/^https?:/.test(entry.name)) return undefined;
  const us = (ms: number) => Math.max(0, Math.round(ms * 1_000));
  const phases: PhaseTimings = {};
  let finalHost = url.hostname;
  try {
    finalHost = new URL(entry.name).hostname;
  } catch {
    // Keep the configured host.
  }
  // Like the HTTP check: no DNS phase for an IP literal, no TLS phase without TLS.
  if (isIP(finalHost.replace(/^\[|\]$/g, "")) === 0) phases.dnsUs = us(entry.domainLookupEnd - entry.domainLookupStart);
  const tlsStart = entry.secureConnectionStart > 0 ? entry.secureConnectionStart : undefined;
  phases.connectUs = us((tlsStart ?? entry.connectEnd) - entry.connectStart);
  if (tlsStart !== undefined) phases.tlsUs = us(entry.connectEnd - tlsStart);
  if (entry.requestStart > 0 && entry.responseStart > 0) phases.firstByteUs = us(entry.responseStart - entry.requestStart);
  if (entry.responseStart > 0 && entry.responseEnd > 0) phases.transferUs = us(entry.responseEnd - entry.responseStart);
  // Through the policy proxy, Chromium's DNS and connect are its way to the proxy: the proxy's
  // own upstream lookup and connect are the target's.
  const upstream = state.proxy?.timings.get(proxyTarget(new URL(entry.name)));
  if (upstream) {
    if (phases.dnsUs !== undefined) phases.dnsUs = upstream.dnsUs ?? 0;
    phases.connectUs = upstream.connectUs;
  }
  state.phases = phases;
  state.httpVersion = HTTP_VERSIONS[entry.nextHopProtocol] ?? state.httpVersion;
  return entry.loadEventEnd > 0 ? entry.loadEventEnd - entry.startTime : undefined;
}

/** Milliseconds until a performance.now() time, at least 1 (0 would mean "no timeout" to Playwright). */
export function msUntil(at: number): number {
  return Math.max(1, Math.round(at - performance.now()));
}

