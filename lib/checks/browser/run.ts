import type { Locator, Page } from "playwright-core";
import { Assertions, firstLine, noop, startDeadline, startResult, stoppedOutcome } from "../frame";
import { judgeOf, type AddressJudge } from "../policy";
import type { CheckResult, CheckRunOptions } from "../types";
import type { BrowserCheckConfig } from "./config";
import { navigationFailure } from "./errors";
import { blockedRequests, judgeTarget } from "./guard";
import { acquireBrowser, closeContext, isPlaywrightTimeout, launchFailureMessage, releaseBrowser, type RunningBrowser } from "./pool";
import { startPolicyProxy } from "./proxy";
import { boundedScreenshot } from "./screenshot";
import { stepInWords, type RunState, type Verdict } from "./state";
import { msUntil, recordNavigationTiming } from "./timing";

/** The main document's status must be in this range. */
const BROWSER_EXPECTED_STATUS: readonly [number, number] = [200, 399];

/**
 * One browser check: launch (or reuse) Chromium, load the page in a fresh context, then check the
 * main document's status, the selector, the text and the load time. A hard deadline of
 * `opts.timeoutMs` covers all of it; the browser's own timeouts end a little earlier so that a
 * failure still has time for its screenshot. Never throws.
 *
 * With `opts.policy.blockPrivate`, every request of the page (document, subresources, fetches,
 * redirects, WebSockets) goes through a proxy of the check's own on loopback (proxy.ts),
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
  const state: RunState = { step: "resolving", phases: {}, assertions: new Assertions(), redirects: [] };
  const { finish } = startResult<CheckResult>(() => ({
    phases: state.phases,
    statusCode: state.statusCode,
    assertions: state.assertions.list,
    httpVersion: state.httpVersion,
    tlsExpiresAt: state.tlsExpiresAt,
  }));
  const deadlineAt = performance.now() + opts.timeoutMs;
  // Time kept back from the browser's own timeouts for the failure screenshot.
  const reserveMs = config.screenshotOnFailure ? Math.min(1_500, Math.max(250, Math.round(opts.timeoutMs * 0.15))) : 0;
  const stepsEndAt = deadlineAt - reserveMs;

  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    // The schema only lets valid URLs through, so this is a bug on our side, not the target's.
    return finish({ status: "down", errorClass: "internal", message: `invalid URL ${JSON.stringify(config.url)}` });
  }

  const deadline = startDeadline(opts);

  let leased = false;
  const run: StepsRun = {
    config,
    opts,
    url,
    judge,
    state,
    signal: deadline.signal,
    stepsEndAt,
    acquire: () => {
      leased = true;
      return acquireBrowser();
    },
  };

  try {
    const verdict = await deadline.race(runSteps(run));
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
      const shot = await deadline.race(boundedScreenshot(page, config.viewport, deadlineAt)).catch((err: unknown) => ({
        png: undefined,
        note: deadline.signal.aborted ? "no screenshot: out of time" : `no screenshot: ${firstLine(err)}`,
      }));
      if (shot.png) artifacts = { screenshotPng: shot.png };
      if (shot.note) message = `${message} (${shot.note})`;
    }
    return finish({ status: verdict.status, errorClass: verdict.errorClass, message, artifacts });
  } catch (err) {
    const stopped = stoppedOutcome(deadline.signal.aborted ? deadline.signal.reason : undefined, opts.timeoutMs, stepInWords(state, config, url));
    if (stopped) return finish(stopped);
    const browserGone = state.running !== undefined && !state.running.browser.isConnected();
    const what = browserGone ? "the browser closed unexpectedly" : "internal error";
    return finish({ status: "down", errorClass: "internal", message: `${what} while ${stepInWords(state, config, url)}: ${firstLine(err)}` });
  } finally {
    deadline.dispose();
    // Whatever is still running in the steps sees the abort and closes what it opens late.
    deadline.stop();
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
    const expected = `${lo}-${hi}`;
    state.assertions.add({ name: "status", ok, expected, actual: String(state.statusCode), severity: "down" }, `status ${state.statusCode}, expected ${expected}`);
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
      visibleAssertion(state, "selector", selector, { ok: false, actual: "invalid CSS selector" });
      return { status: "down", errorClass: "assertion", message: `waitForSelector ${JSON.stringify(selector)} is not a valid CSS selector: ${found.message}`, screenshot: false };
    }
    visibleAssertion(state, "selector", selector, found);
  }

  if (config.waitForText !== undefined) {
    state.step = "text";
    const found = await waitVisible(page.getByText(config.waitForText).first(), stepsEndAt, signal);
    visibleAssertion(state, "text", config.waitForText, found);
  }

  if (config.maxLatency !== undefined) {
    const actual = `${Math.round(loadMs)} ms`;
    state.assertions.add(
      { name: "maxLatency", ok: loadMs <= config.maxLatency, expected: `≤ ${config.maxLatency} ms`, actual, severity: "degraded" },
      `slow: page load ${actual}, limit ${config.maxLatency} ms`,
    );
  }
  return judgeAssertions(state);
}

/** The verdict of the assertions; a failed page gets its screenshot. */
function judgeAssertions(state: RunState): Verdict {
  const outcome = state.assertions.verdict("assertion");
  return { ...outcome, screenshot: outcome.status === "down" };
}

/** That the selector or text (`what`) was visible, or how it was not. */
function visibleAssertion(state: RunState, name: "selector" | "text", what: string, found: { ok: boolean; waitedMs?: number; actual?: string }) {
  const quoted = JSON.stringify(what);
  const actual = found.actual ?? (found.ok ? "found" : `not found after ${found.waitedMs} ms`);
  state.assertions.add({ name, ok: found.ok, expected: `${quoted} visible`, actual, severity: "down" }, `${name} ${quoted} ${actual}`);
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
