import { isProbedType, type MonitorType } from "../db/schema/monitors";
import { browserCheckConfigSchema, runBrowserCheck, type BrowserCheckConfig } from "./browser";
import { dnsCheck, type DnsCheckConfig } from "./dns";
import { heartbeatCheck } from "./heartbeat";
import { httpCheckConfigSchema, runHttpCheck, type HttpCheckConfig } from "./http";
import { tcpCheck, type TcpCheckConfig } from "./tcp";
import { tlsCheck, type TlsCheckConfig } from "./tls";
import type { CheckResult, CheckRunOptions } from "./types";

/**
 * Every check type: its config schema and, for the types the probe runs, its run().
 * A check type is one file in lib/checks/ and one entry here.
 */
export const CHECK_TYPES = {
  http: { type: "http", configSchema: httpCheckConfigSchema, run: runHttpCheck },
  tcp: tcpCheck,
  dns: dnsCheck,
  tls: tlsCheck,
  browser: { type: "browser", configSchema: browserCheckConfigSchema, run: runBrowserCheck },
  heartbeat: heartbeatCheck,
} as const satisfies Record<MonitorType, { type: MonitorType; configSchema: unknown; run?: unknown }>;

/** Types the probe runs on a schedule (a heartbeat is pushed to us instead). */
export const isProbed = isProbedType;

export interface CheckTarget {
  type: MonitorType;
  checkConfig: Record<string, unknown>;
  timeoutMs: number;
}

/** Most browser checks running at once in one probe. */
export const BROWSER_CHECK_CONCURRENCY = 2;

/** A counting semaphore: run() waits for a free slot. */
class Slots {
  private free: number;
  private readonly queue: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.free++;
    }
  }
}
const browserSlots = new Slots(BROWSER_CHECK_CONCURRENCY);

export type RunCheckOptions = Omit<CheckRunOptions, "timeoutMs">;

/** The one entry point the probe uses: dispatches on the monitor's type. */
export async function runCheck(target: CheckTarget, opts: RunCheckOptions = {}): Promise<CheckResult> {
  const startedAt = Date.now();
  const t0 = performance.now();
  try {
    const runOpts: CheckRunOptions = { timeoutMs: target.timeoutMs, ...opts };
    switch (target.type) {
      case "http":
        return await CHECK_TYPES.http.run(target.checkConfig as HttpCheckConfig, runOpts);
      case "tcp":
        return await CHECK_TYPES.tcp.run(target.checkConfig as TcpCheckConfig, runOpts);
      case "dns":
        return await CHECK_TYPES.dns.run(target.checkConfig as DnsCheckConfig, runOpts);
      case "tls":
        return await CHECK_TYPES.tls.run(target.checkConfig as TlsCheckConfig, runOpts);
      case "browser":
        // A page load costs a lot of CPU and memory: a few at a time, the rest wait their turn.
        return await browserSlots.run(() => CHECK_TYPES.browser.run(target.checkConfig as BrowserCheckConfig, runOpts));
      case "heartbeat":
        throw new Error("heartbeat monitors are not probed: their jobs push to /api/push/<token>");
      default: {
        const unknownType: never = target.type;
        throw new Error(`unknown check type ${String(unknownType)}`);
      }
    }
  } catch (err) {
    // A check must not throw for a target's reason; if it does, it is our bug, reported as such.
    return {
      status: "down",
      startedAt,
      totalUs: Math.round((performance.now() - t0) * 1000),
      phases: {},
      errorClass: "internal",
      message: `internal error in the ${target.type} check: ${(err as Error)?.message ?? String(err)}`,
      assertions: [],
    };
  }
}
