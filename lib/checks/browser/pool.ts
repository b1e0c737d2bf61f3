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
import type { Browser, BrowserContext } from "playwright-core";
import { firstLine, noop, withTimeout } from "../frame";
import { CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT, chromiumExecutablePath, resolvedChromiumPath } from "../chromium";

/** The shared Chromium is closed after this long without a running check. */
export const BROWSER_IDLE_CLOSE_MS = 60_000;
/** Chromium's own start-up limit; a check stops waiting for it at its deadline. */
const BROWSER_LAUNCH_TIMEOUT_MS = 30_000;
/** A context that does not close within this is a sign of a wedged browser: it is restarted. */
const CONTEXT_CLOSE_GRACE_MS = 500;
/** How long browser.close() may take before the process group is killed. */
const BROWSER_CLOSE_GRACE_MS = 2_000;

export interface RunningBrowser {
  browser: Browser;
  /** The browser process, leader of its own process group (Playwright starts Chromium detached). */
  pid?: number;
  /** Chromium's own User-Agent; a probe's identification is appended to it. */
  userAgent: string;
}

let shared: Promise<RunningBrowser> | undefined;
let checksInFlight = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

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
export function isPlaywrightTimeout(err: unknown): boolean {
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

export function acquireBrowser(): Promise<RunningBrowser> {
  checksInFlight += 1;
  clearTimeout(idleTimer);
  idleTimer = undefined;
  return sharedBrowser();
}

export function releaseBrowser() {
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

/** Closes a check's context; a browser that cannot even do that is wedged and is restarted. */
export async function closeContext(context: BrowserContext, running: RunningBrowser): Promise<void> {
  const closed = await withTimeout(context.close().then(() => true, () => true), CONTEXT_CLOSE_GRACE_MS, false);
  if (!closed) restartBrowser(running);
}

export function launchFailureMessage(err: unknown): string {
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

