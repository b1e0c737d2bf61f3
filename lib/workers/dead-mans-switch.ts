/**
 * The dead-man's switch: while the coordinator runs (and holds the lease), it pings an outside
 * URL every minute, a Healthchecks-style check that alerts when the pings stop. That is how the
 * team hears about it when the whole hub dies, which nothing inside the hub can report.
 * DEAD_MANS_SWITCH_URL sets it (an http(s) URL; its secret is in the URL, so it lives in the
 * environment, not in the config file).
 */
import { request } from "undici";

export const DEAD_MANS_SWITCH_EVERY_MS = 60_000;
const TIMEOUT_MS = 10_000;

export interface PingOutcome {
  ok: boolean;
  detail: string;
}

/** The URL from the environment; null when unset; a clear error when it is not http(s). */
export function deadMansSwitchUrl(env: Readonly<Record<string, string | undefined>>): URL | null {
  const raw = env.DEAD_MANS_SWITCH_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`DEAD_MANS_SWITCH_URL must be an http(s) URL such as https://hc-ping.com/<uuid>, got "${raw.slice(0, 100)}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`DEAD_MANS_SWITCH_URL must be an http(s) URL, got a ${url.protocol} URL`);
  return url;
}

export class DeadMansSwitch {
  private lastPingAt = -Infinity;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly url: URL,
    private readonly onOutcome: (o: PingOutcome) => void = () => {},
    private readonly everyMs = DEAD_MANS_SWITCH_EVERY_MS,
  ) {}

  /** Pings when due; never waits for the answer, never two at once. Returns whether it pinged. */
  poll(now = Date.now()): boolean {
    if (this.inFlight || now - this.lastPingAt < this.everyMs) return false;
    this.lastPingAt = now;
    this.inFlight = this.ping().finally(() => (this.inFlight = undefined));
    return true;
  }

  async settled(): Promise<void> {
    await this.inFlight;
  }

  private async ping(): Promise<void> {
    try {
      const res = await request(this.url, { method: "GET", headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS, headers: { "user-agent": "status-monitor dead-man's switch" } });
      await res.body.dump();
      this.onOutcome(res.statusCode < 300 ? { ok: true, detail: `HTTP ${res.statusCode}` } : { ok: false, detail: `the dead-man's switch answered HTTP ${res.statusCode}` });
    } catch (err) {
      this.onOutcome({ ok: false, detail: `the dead-man's switch could not be reached: ${(err as Error).message}` });
    }
  }
}
