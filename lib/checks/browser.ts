import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { z } from "zod";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { durationMs } from "../config/units";
import { startPolicyProxy, type PolicyProxy, type ProxyFailure } from "./browser-proxy";
import { CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT, chromiumExecutablePath, resolvedChromiumPath } from "./chromium";
import { httpCheckConfigSchema } from "./http";
import { judgeOf, type AddressJudge } from "./policy";
import { elapsedUs, type AssertionResult, type CheckResult, type CheckRunOptions, type ErrorClass, type PhaseTimings, type ResultStatus } from "./types";

/**
 * The browser check: loads a page in headless Chromium (JavaScript, subresources and all) and
 * asserts on what a visitor would see.
 *
 * One Chromium process is shared by all browser checks of a worker, and every check gets a
 * fresh incognito context (its own cookies, storage, HTTP cache and connection pool), closed when
 * the check ends. Starting Chromium costs about a third of a second of CPU and a hundred MB per
 * launch; a context costs a few milliseconds. The shared process is started on first use,
 * started again when it crashes or disconnects, and closed after a minute without checks
 * (BROWSER_IDLE_CLOSE_MS); the worker calls closeSharedBrowser() when it stops.
 */

export const BROWSER_DEFAULT_VIEWPORT = { width: 1280, height: 800 } as const;
/** Screenshots larger than this are retaken smaller, then dropped. */
export const BROWSER_SCREENSHOT_MAX_BYTES = 200 * 1024;
/** The shared Chromium is closed after this long without a running check. */
export const BROWSER_IDLE_CLOSE_MS = 60_000;
/** The main document's status must be in this range. */
const BROWSER_EXPECTED_STATUS: readonly [number, number] = [200, 399];
/** Chromium's own start-up limit; a check stops waiting for it at its deadline. */
const BROWSER_LAUNCH_TIMEOUT_MS = 30_000;
/** A context that does not close within this is a sign of a wedged browser: it is restarted. */
const CONTEXT_CLOSE_GRACE_MS = 500;
/** How long browser.close() may take before the process group is killed. */
const BROWSER_CLOSE_GRACE_MS = 2_000;
/** Downscaled retakes of a screenshot that is over the size limit, in order. */
const SCREENSHOT_RETAKE_SCALES = [0.5, 0.25] as const;

const viewportSchema = z.strictObject({
  width: z.number({ error: "expected a width in CSS pixels, like 1280" }).int().min(200).max(3840),
  height: z.number({ error: "expected a height in CSS pixels, like 800" }).int().min(200).max(2160),
});

/**
 * The settings of a browser monitor as written in status.config.yaml (next to the common
 * monitor fields). The output is the normalized form stored in monitors.check_config.
 */
export const browserCheckConfigSchema = z.object({
  /** The page to load: http or https only. */
  url: httpCheckConfigSchema.shape.url,
  /** A CSS selector that must appear (be attached and visible) after the page loaded, or the check is down. */
  waitForSelector: z.string({ error: 'expected a CSS selector like "#app"' }).trim().min(1, 'expected a CSS selector like "#app"').optional(),
  /**
   * Text that must appear visibly on the page, or the check is down. Matched the way Playwright's
   * getByText does: a case-insensitive substring with whitespace normalized, shadow DOM included.
   */
  waitForText: z.string({ error: "expected the text that must appear on the page" }).trim().min(1, "expected the text that must appear on the page").optional(),
  /** A page load (navigation start to the load event) slower than this is degraded, not down. Output in ms. */
  maxLatency: durationMs({ min: 1 }).optional(),
  /** The browser window in CSS pixels. */
  viewport: viewportSchema.default(() => ({ ...BROWSER_DEFAULT_VIEWPORT })),
  /** Accept self-signed, expired or wrong-host certificates. */
  ignoreTlsErrors: z.boolean().default(false),
  /** Attach a PNG of the page (at most 200 KB) to a failed check. */
  screenshotOnFailure: z.boolean().default(true),
});

export type BrowserCheckConfig = z.output<typeof browserCheckConfigSchema>;

// ---------------------------------------------------------------------------------------------
// The shared browser
// ---------------------------------------------------------------------------------------------

interface RunningBrowser {
  browser: Browser;
  /** The browser process, leader of its own process group (Playwright starts Chromium detached). */
  pid?: number;
  /** Chromium's own User-Agent; a probe's identification is appended to it. */
  userAgent: string;
}

let shared: Promise<RunningBrowser> | undefined;
let checksInFlight = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function noop() {}

/**
 * playwright-core is loaded on the first browser check only: it adds about 70 MB to a process,
 * which a worker without browser monitors should not pay.
 */
let playwright: typeof import("playwright-core") | undefined;
async function loadPlaywright() {
  playwright ??= await import("playwright-core");
  return playwright;
}

/** Playwright's timeout error (only ever thrown after playwright-core was loaded). */
function isPlaywrightTimeout(err: unknown): boolean {
  return playwright !== undefined && err instanceof playwright.errors.TimeoutError;
}

async function launchBrowser(): Promise<RunningBrowser> {
  const { chromium } = await loadPlaywright();
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath(),
    // WebRTC would otherwise send UDP straight from Chromium, around the policy proxy.
    args: [...CHROMIUM_ARGS, "--force-webrtc-ip-handling-policy=disable_non_proxied_udp"],
    headless: true,
    timeout: BROWSER_LAUNCH_TIMEOUT_MS,
    // The worker has its own signal handlers and calls closeSharedBrowser(); Playwright's would
    // exit the process on SIGINT. Its exit hook still kills Chromium if the worker dies.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  try {
    let pid: number | undefined;
    const cdp = await browser.newBrowserCDPSession();
    try {
      const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
      pid = processInfo.find((p) => p.type === "browser")?.id;
    } catch {
      // Without a pid, a wedged browser is only closed, not killed.
    } finally {
      await cdp.detach().catch(noop);
    }
    const probe = await browser.newContext();
    const userAgent = await (await probe.newPage()).evaluate(() => navigator.userAgent);
    await probe.close();
    return { browser, pid, userAgent };
  } catch (err) {
    await browser.close().catch(noop);
    throw err;
  }
}

function startBrowser(): Promise<RunningBrowser> {
  const launching = launchBrowser();
  launching.then(
    (running) => running.browser.on("disconnected", () => void (shared === launching && (shared = undefined))),
    () => void (shared === launching && (shared = undefined)),
  );
  return launching;
}

/** The shared browser, started or restarted as needed. */
async function sharedBrowser(): Promise<RunningBrowser> {
  for (let attempt = 0; ; attempt++) {
    if (!shared) shared = startBrowser();
    const launching = shared;
    const running = await launching;
    if (running.browser.isConnected()) return running;
    if (shared === launching) shared = undefined;
    if (attempt >= 1) throw new Error("the browser disconnected right after it started");
  }
}

function acquireBrowser(): Promise<RunningBrowser> {
  checksInFlight += 1;
  clearTimeout(idleTimer);
  idleTimer = undefined;
  return sharedBrowser();
}

function releaseBrowser() {
  checksInFlight -= 1;
  if (checksInFlight > 0 || !shared) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    if (checksInFlight === 0) void closeSharedBrowser();
  }, BROWSER_IDLE_CLOSE_MS);
  idleTimer.unref();
}

/** Closes the browser; kills its process group when it does not close in time. */
async function shutDown(running: RunningBrowser): Promise<void> {
  const closed = await withTimeout(running.browser.close().then(() => true, () => false), BROWSER_CLOSE_GRACE_MS, false);
  if (!closed) killProcessGroup(running.pid);
}

function killProcessGroup(pid: number | undefined) {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** Drops a wedged shared browser so that the next check starts a fresh one. */
function restartBrowser(running: RunningBrowser) {
  void shared?.then((current) => {
    if (current === running) shared = undefined;
  }, noop);
  void shutDown(running);
}

/**
 * Closes the shared browser (worker shutdown, tests). Checks still running then fail as
 * internal errors; the next check starts a new browser.
 */
export async function closeSharedBrowser(): Promise<void> {
  clearTimeout(idleTimer);
  idleTimer = undefined;
  const launching = shared;
  shared = undefined;
  const running = await launching?.catch(() => undefined);
  if (running) await shutDown(running);
}

// ---------------------------------------------------------------------------------------------
// Running the check
// ---------------------------------------------------------------------------------------------

export type { AddressJudge };

type Step = "resolving" | "launching" | "opening" | "loading" | "selector" | "text";

class DeadlineExceeded extends Error {}
class CheckCancelled extends Error {}

/** Everything learned so far; a failure result is built from whatever got this far. */
interface RunState {
  step: Step;
  phases: PhaseTimings;
  statusCode?: number;
  httpVersion?: string;
  tlsExpiresAt?: number;
  assertions: AssertionResult[];
  /** Under the target policy: the proxy every request of the page goes through. */
  proxy?: PolicyProxy;
  /** URLs the page was redirected to, in order (a refused one is named in the verdict). */
  redirects: string[];
  running?: RunningBrowser;
  context?: BrowserContext;
  page?: Page;
}

/** How the steps ended, before the screenshot. */
interface Verdict {
  status: ResultStatus;
  errorClass?: ErrorClass;
  message?: string;
  /** Whether a screenshot would help explain this result. */
  screenshot: boolean;
}

/**
 * One browser check: launch (or reuse) Chromium, load the page in a fresh context, then check the
 * main document's status, the selector, the text and the load time. A hard deadline of
 * `opts.timeoutMs` covers all of it; the browser's own timeouts end a little earlier so that a
 * failure still has time for its screenshot. Never throws.
 *
 * With `opts.policy.blockPrivate`, every request of the page (document, subresources, fetches,
 * redirects, WebSockets) goes through a proxy of the check's own on loopback (browser-proxy.ts),
 * which resolves the name, judges the addresses and connects to exactly those: the policy is
 * applied at connect time on the address connected, as in the HTTP check, and a refused target
 * receives nothing. The URL's own host is also judged before Chromium is started, so that a
 * refused target costs no browser; that early answer is a shortcut, not the guard. DNS, connect
 * and TLS phases are then the proxy's upstream DNS and connect times and Chromium's handshake
 * through the tunnel.
 */
export async function runBrowserCheck(config: BrowserCheckConfig, opts: CheckRunOptions): Promise<CheckResult> {
  return runBrowserCheckJudged(config, opts, judgeOf(opts.policy));
}

/**
 * runBrowserCheck with the target policy given as a function. For tests, which can only reach
 * loopback addresses and so need a policy that refuses some of them and not others.
 */
export async function runBrowserCheckJudged(config: BrowserCheckConfig, opts: CheckRunOptions, judge: AddressJudge | undefined): Promise<CheckResult> {
  const startedAt = Date.now();
  const checkStart = performance.now();
  const deadlineAt = checkStart + opts.timeoutMs;
  // Time kept back from the browser's own timeouts for the failure screenshot.
  const reserveMs = config.screenshotOnFailure ? Math.min(1_500, Math.max(250, Math.round(opts.timeoutMs * 0.15))) : 0;
  const stepsEndAt = deadlineAt - reserveMs;
  const state: RunState = { step: "resolving", phases: {}, assertions: [], redirects: [] };

  const finish = (fields: Partial<CheckResult> & Pick<CheckResult, "status">): CheckResult => ({
    startedAt,
    totalUs: elapsedUs(checkStart),
    phases: state.phases,
    statusCode: state.statusCode,
    assertions: state.assertions,
    httpVersion: state.httpVersion,
    tlsExpiresAt: state.tlsExpiresAt,
    ...fields,
  });

  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    // The schema only lets valid URLs through, so this is a bug on our side, not the target's.
    return finish({ status: "down", errorClass: "internal", message: `invalid URL ${JSON.stringify(config.url)}` });
  }

  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new DeadlineExceeded()), opts.timeoutMs);
  const onCancel = () => stop.abort(new CheckCancelled());
  if (opts.signal?.aborted) onCancel();
  else opts.signal?.addEventListener("abort", onCancel, { once: true });

  let leased = false;
  const run: StepsRun = {
    config,
    opts,
    url,
    judge,
    state,
    signal: stop.signal,
    stepsEndAt,
    acquire: () => {
      leased = true;
      return acquireBrowser();
    },
  };

  try {
    const verdict = await raceAbort(runSteps(run), stop.signal);
    let message = verdict.message;
    let artifacts: CheckResult["artifacts"];
    const blocked = blockedRequests(state);
    if (verdict.status === "down" && verdict.errorClass !== "blocked" && blocked.length > 0) {
      const [first] = blocked;
      const count = blocked.length;
      message += `; the target policy blocked ${count} request${count === 1 ? "" : "s"} of the page (first: ${first.url ?? first.target})`;
    }
    const page = state.page;
    if (verdict.screenshot && config.screenshotOnFailure && page && /^https?:/.test(page.url())) {
      // Out of time for a screenshot is not a reason to change the verdict.
      const shot = await raceAbort(boundedScreenshot(page, config.viewport, deadlineAt), stop.signal).catch((err: unknown) => ({
        png: undefined,
        note: stop.signal.aborted ? "no screenshot: out of time" : `no screenshot: ${firstLine(err)}`,
      }));
      if (shot.png) artifacts = { screenshotPng: shot.png };
      if (shot.note) message = `${message} (${shot.note})`;
    }
    return finish({ status: verdict.status, errorClass: verdict.errorClass, message, artifacts });
  } catch (err) {
    const reason: unknown = stop.signal.aborted ? stop.signal.reason : undefined;
    if (reason instanceof DeadlineExceeded) {
      return finish({ status: "down", errorClass: "timeout", message: `timed out after ${opts.timeoutMs} ms ${stepInWords(state, config, url)}` });
    }
    if (reason instanceof CheckCancelled) {
      return finish({ status: "down", errorClass: "internal", message: `check cancelled before it finished (it was ${stepInWords(state, config, url)})` });
    }
    const browserGone = state.running !== undefined && !state.running.browser.isConnected();
    const what = browserGone ? "the browser closed unexpectedly" : "internal error";
    return finish({ status: "down", errorClass: "internal", message: `${what} while ${stepInWords(state, config, url)}: ${firstLine(err)}` });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onCancel);
    // Whatever is still running in the steps sees the abort and closes what it opens late.
    if (!stop.signal.aborted) stop.abort(new CheckCancelled());
    if (state.context && state.running) await closeContext(state.context, state.running);
    await state.proxy?.close();
    if (leased) releaseBrowser();
  }
}

interface StepsRun {
  config: BrowserCheckConfig;
  opts: CheckRunOptions;
  url: URL;
  judge: AddressJudge | undefined;
  state: RunState;
  /** Aborted at the deadline, on cancel, on a policy violation, and when the check has returned. */
  signal: AbortSignal;
  /** When the browser's own timeouts end (performance.now() time). */
  stepsEndAt: number;
  acquire: () => Promise<RunningBrowser>;
}

async function runSteps(run: StepsRun): Promise<Verdict> {
  const { config, opts, url, judge, state, signal, stepsEndAt } = run;

  if (judge) {
    state.step = "resolving";
    const refused = await judgeTarget(url, judge);
    if (refused) return { status: "down", ...refused, screenshot: false };
  }

  state.step = "launching";
  let running: RunningBrowser;
  try {
    running = await run.acquire();
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    return { status: "down", errorClass: "internal", message: launchFailureMessage(err), screenshot: false };
  }
  state.running = running;
  signal.throwIfAborted();

  state.step = "opening";
  if (judge) {
    state.proxy = await startPolicyProxy(judge, signal);
    signal.throwIfAborted();
  }
  const context = await running.browser.newContext({
    // "<-loopback>": Chromium sends loopback requests past a proxy unless told not to.
    proxy: state.proxy ? { server: state.proxy.server, bypass: "<-loopback>" } : undefined,
    viewport: config.viewport,
    ignoreHTTPSErrors: config.ignoreTlsErrors,
    userAgent: opts.userAgent ? `${running.userAgent} ${opts.userAgent}` : undefined,
    // Service workers would fetch outside the request route, and a check must not install any.
    serviceWorkers: "block",
    acceptDownloads: false,
  });
  if (signal.aborted) {
    // The check already returned (deadline or cancel) and will not close this one.
    void context.close().catch(noop);
    throw signal.reason;
  }
  state.context = context;
  context.on("request", (request) => {
    if (request.redirectedFrom()) state.redirects.push(request.url());
  });
  const page = await context.newPage();
  state.page = page;
  signal.throwIfAborted();

  state.step = "loading";
  const loadStart = performance.now();
  let response: Awaited<ReturnType<Page["goto"]>>;
  try {
    response = await page.goto(url.href, { waitUntil: "load", timeout: msUntil(stepsEndAt) });
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    if (isPlaywrightTimeout(err)) {
      // The document may have arrived while a subresource keeps the load event waiting.
      await recordNavigationTiming(page, url, state).catch(noop);
      return { status: "down", errorClass: "timeout", message: `timed out after ${Math.round(performance.now() - loadStart)} ms loading the page`, screenshot: true };
    }
    return navigationFailure(err, url, state);
  }
  const loadMs = (await recordNavigationTiming(page, url, state)) ?? performance.now() - loadStart;
  if (response) {
    state.statusCode = response.status();
    const security = await response.securityDetails().catch(() => null);
    if (security?.validTo !== undefined) state.tlsExpiresAt = security.validTo;
  }
  signal.throwIfAborted();

  if (state.statusCode !== undefined) {
    const [lo, hi] = BROWSER_EXPECTED_STATUS;
    const ok = state.statusCode >= lo && state.statusCode <= hi;
    state.assertions.push({ name: "status", ok, expected: `${lo}-${hi}`, actual: String(state.statusCode), severity: "down" });
    // An error page will not grow the selector; its screenshot says more than waiting would.
    if (!ok) return judgeAssertions(state);
  }

  if (config.waitForSelector !== undefined) {
    state.step = "selector";
    const selector = config.waitForSelector;
    const found = await waitVisible(page.locator(`css=${selector}`).first(), stepsEndAt, signal).catch((err: unknown) => {
      if (signal.aborted || !isSelectorSyntaxError(err)) throw err;
      return new InvalidSelector(firstLine(err));
    });
    if (found instanceof InvalidSelector) {
      // The user's config is wrong, not the target: say what to change.
      state.assertions.push({ name: "selector", ok: false, expected: `${JSON.stringify(selector)} visible`, actual: "invalid CSS selector", severity: "down" });
      return { status: "down", errorClass: "assertion", message: `waitForSelector ${JSON.stringify(selector)} is not a valid CSS selector: ${found.message}`, screenshot: false };
    }
    state.assertions.push({ name: "selector", ok: found.ok, expected: `${JSON.stringify(selector)} visible`, actual: found.ok ? "found" : `not found after ${found.waitedMs} ms`, severity: "down" });
  }

  if (config.waitForText !== undefined) {
    state.step = "text";
    const found = await waitVisible(page.getByText(config.waitForText).first(), stepsEndAt, signal);
    state.assertions.push({ name: "text", ok: found.ok, expected: `${JSON.stringify(config.waitForText)} visible`, actual: found.ok ? "found" : `not found after ${found.waitedMs} ms`, severity: "down" });
  }

  if (config.maxLatency !== undefined) {
    state.assertions.push({
      name: "maxLatency",
      ok: loadMs <= config.maxLatency,
      expected: `≤ ${config.maxLatency} ms`,
      actual: `${Math.round(loadMs)} ms`,
      severity: "degraded",
    });
  }
  return judgeAssertions(state);
}

function judgeAssertions(state: RunState): Verdict {
  const failedDown = state.assertions.filter((a) => !a.ok && a.severity === "down");
  const failedDegraded = state.assertions.filter((a) => !a.ok && a.severity === "degraded");
  if (failedDown.length > 0) return { status: "down", errorClass: "assertion", message: failedDown.map(assertionSentence).join("; "), screenshot: true };
  if (failedDegraded.length > 0) return { status: "degraded", message: failedDegraded.map(assertionSentence).join("; "), screenshot: false };
  return { status: "up", screenshot: false };
}

class InvalidSelector {
  constructor(readonly message: string) {}
}

/**
 * Waits until the locator is visible or the browser's time is up. Once the time is up (an earlier
 * wait used it), it only looks once, so every assertion is still reported.
 */
async function waitVisible(locator: Locator, endAt: number, signal: AbortSignal): Promise<{ ok: boolean; waitedMs: number }> {
  const start = performance.now();
  const waited = () => Math.round(performance.now() - start);
  if (endAt - start < 50) return { ok: await locator.isVisible(), waitedMs: 0 };
  try {
    await locator.waitFor({ state: "visible", timeout: msUntil(endAt) });
    return { ok: true, waitedMs: waited() };
  } catch (err) {
    if (!signal.aborted && isPlaywrightTimeout(err)) return { ok: false, waitedMs: waited() };
    throw err;
  }
}

function isSelectorSyntaxError(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return /unexpected token|not a valid selector|malformed selector|selector.*(parse|invalid)/i.test(text);
}

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
async function recordNavigationTiming(page: Page, url: URL, state: RunState): Promise<number | undefined> {
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

/** A Chromium network error (net::ERR_…) as a verdict; anything else is rethrown. */
function navigationFailure(err: unknown, url: URL, state: RunState): Verdict {
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

function launchFailureMessage(err: unknown): string {
  const text = firstLine(err);
  if (/Executable doesn't exist|ENOENT|Failed to launch: Error: spawn/i.test(text)) {
    const configured = process.env.CHROMIUM_PATH?.trim();
    return configured ? `no Chromium at CHROMIUM_PATH=${configured}: fix the path, or unset it and ${CHROMIUM_INSTALL_HINT}` : `no Chromium found: ${CHROMIUM_INSTALL_HINT}`;
  }
  return `Chromium (${resolvedChromiumPathOrUnknown()}) could not start: ${text}`;
}

function resolvedChromiumPathOrUnknown(): string {
  try {
    return resolvedChromiumPath();
  } catch {
    return "no executable for this platform";
  }
}

/** Resolves the URL's host and applies the policy to every address it has. */
async function judgeTarget(url: URL, judge: AddressJudge): Promise<{ errorClass: ErrorClass; message: string } | undefined> {
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
function blockedRequests(state: RunState): ProxyFailure[] {
  return state.proxy?.failures.filter((f) => f.errorClass === "blocked") ?? [];
}

/** "host:port" of a URL, as Chromium names a proxy target (IPv6 in brackets). */
function proxyTarget(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
}

/**
 * Why the main document did not load, when the proxy knows: the last hop (the URL or the
 * redirect to follow) that the proxy refused or could not reach.
 */
function proxyFailureOfNavigation(state: RunState, url: URL): Verdict | undefined {
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

/**
 * A PNG of the viewport, at most BROWSER_SCREENSHOT_MAX_BYTES: retaken at half and quarter scale
 * when larger, dropped (with a note saying so) when still larger.
 */
async function boundedScreenshot(page: Page, viewport: { width: number; height: number }, deadlineAt: number): Promise<{ png?: Buffer; note?: string }> {
  const full = await page.screenshot({ type: "png", timeout: msUntil(deadlineAt), animations: "disabled", caret: "hide" });
  if (full.length <= BROWSER_SCREENSHOT_MAX_BYTES) return { png: full };
  let smallest = full.length;
  const cdp = await page.context().newCDPSession(page);
  try {
    const [x, y] = await page.evaluate(() => [window.scrollX, window.scrollY]);
    for (const scale of SCREENSHOT_RETAKE_SCALES) {
      const { data } = await cdp.send("Page.captureScreenshot", { format: "png", clip: { x, y, width: viewport.width, height: viewport.height, scale } });
      const png = Buffer.from(data, "base64");
      if (png.length <= BROWSER_SCREENSHOT_MAX_BYTES) return { png };
      smallest = Math.min(smallest, png.length);
    }
  } finally {
    await cdp.detach().catch(noop);
  }
  const limitKb = Math.round(BROWSER_SCREENSHOT_MAX_BYTES / 1024);
  return { note: `screenshot dropped: ${Math.round(smallest / 1024)} KB even at 1/4 scale, over the ${limitKb} KB limit` };
}

/** Closes a check's context; a browser that cannot even do that is wedged and is restarted. */
async function closeContext(context: BrowserContext, running: RunningBrowser): Promise<void> {
  const closed = await withTimeout(context.close().then(() => true, () => true), CONTEXT_CLOSE_GRACE_MS, false);
  if (!closed) restartBrowser(running);
}

function stepInWords(state: RunState, config: BrowserCheckConfig, url: URL): string {
  switch (state.step) {
    case "resolving":
      return `resolving ${url.hostname}`;
    case "launching":
      return "launching the browser";
    case "opening":
      return "opening a browser page";
    case "loading":
      return "loading the page";
    case "selector":
      return `waiting for selector ${JSON.stringify(config.waitForSelector)}`;
    case "text":
      return `waiting for text ${JSON.stringify(config.waitForText)}`;
  }
}

function assertionSentence(a: AssertionResult): string {
  switch (a.name) {
    case "status":
      return `status ${a.actual}, expected ${a.expected}`;
    case "selector":
    case "text":
      return `${a.name} ${a.expected.replace(/ visible$/, "")} ${a.actual}`;
    case "maxLatency":
      return `slow: page load ${a.actual}, limit ${a.expected.replace(/^≤ /, "")}`;
    default:
      return `${a.name}: ${a.actual}, expected ${a.expected}`;
  }
}

function bareHostname(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/** Milliseconds until a performance.now() time, at least 1 (0 would mean "no timeout" to Playwright). */
function msUntil(at: number): number {
  return Math.max(1, Math.round(at - performance.now()));
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0].trim();
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(onTimeout);
      },
    );
  });
}

/** The work's result, or the signal's reason as soon as it aborts (the work is left to finish on its own). */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(noop);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

export const browserCheck = { type: "browser", configSchema: browserCheckConfigSchema, run: runBrowserCheck } as const;
