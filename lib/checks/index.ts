import type { MonitorType } from "../db/schema/monitors";
import { browserCheck } from "./browser";
import { dnsCheck } from "./dns";
import { startResult } from "./frame";
import { heartbeatCheck } from "./heartbeat";
import { httpCheck } from "./http";
import { tcpCheck } from "./tcp";
import { tlsCheck } from "./tls";
import type { CheckResult, CheckRunOptions, CheckType } from "./types";

/**
 * Every check type, one line each: its config schema, its run() (absent for a pushed type),
 * whether it is pushed, and how many may run at once. The config file's monitor types
 * (lib/config/schema.ts) and runCheck are built from this; a check type is its own module in
 * lib/checks/ and one line here, plus its name in MONITOR_TYPES (lib/db/schema/monitors.ts, which the
 * public page reads without loading check code): the `satisfies` holds the names, index.test.ts the
 * pushed/probed split.
 */
export const CHECK_TYPES = {
  http: httpCheck,
  tcp: tcpCheck,
  dns: dnsCheck,
  tls: tlsCheck,
  browser: browserCheck,
  heartbeat: heartbeatCheck,
} as const satisfies { [T in MonitorType]: CheckType<T> };

/** Types the probe runs on a schedule (a pushed type, like a heartbeat, is pushed to us instead). */
export const isProbed = (type: MonitorType): boolean => !CHECK_TYPES[type].pushed;

export interface CheckTarget {
  type: MonitorType;
  checkConfig: Record<string, unknown>;
  timeoutMs: number;
}

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

/** The types with a limit, each with its own slots: the rest wait their turn. */
const slotsByType = new Map<string, Slots>(
  Object.values(CHECK_TYPES).flatMap((t: CheckType): [string, Slots][] => (t.maxConcurrent ? [[t.type, new Slots(t.maxConcurrent)]] : [])),
);

export type RunCheckOptions = Omit<CheckRunOptions, "timeoutMs">;

/** The one entry point the probe uses: runs the monitor's check type. */
export async function runCheck(target: CheckTarget, opts: RunCheckOptions = {}): Promise<CheckResult> {
  const { finish } = startResult<CheckResult>(() => ({ phases: {}, assertions: [] }));
  try {
    const runOpts: CheckRunOptions = { timeoutMs: target.timeoutMs, ...opts };
    const checkType: CheckType | undefined = Object.hasOwn(CHECK_TYPES, target.type) ? CHECK_TYPES[target.type] : undefined;
    if (!checkType) throw new Error(`unknown check type ${String(target.type)}`);
    const { run } = checkType;
    if (checkType.pushed || !run) throw new Error(`${target.type} monitors are not probed: their jobs push to /api/push/<token>`);
    const slots = slotsByType.get(target.type);
    const config = target.checkConfig as never;
    return await (slots ? slots.run(() => run(config, runOpts)) : run(config, runOpts));
  } catch (err) {
    // A check must not throw for a target's reason; if it does, it is our bug, reported as such.
    return finish({
      status: "down",
      errorClass: "internal",
      message: `internal error in the ${target.type} check: ${(err as Error)?.message ?? String(err)}`,
    });
  }
}
