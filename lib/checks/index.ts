import type { MonitorType } from "../db/schema/monitors";
import { runHttpCheck, type HttpCheckConfig } from "./http";
import type { CheckResult } from "./types";

export interface CheckTarget {
  type: MonitorType;
  checkConfig: Record<string, unknown>;
  timeoutMs: number;
}

export interface RunCheckOptions {
  signal?: AbortSignal;
  /** Identifies our probe to the target: "status-monitor/0.1 (region eu-west)". */
  userAgent?: string;
}

/** The one entry point the probe uses: dispatches on the monitor's type. */
export async function runCheck(target: CheckTarget, opts: RunCheckOptions = {}): Promise<CheckResult> {
  const startedAt = Date.now();
  const t0 = performance.now();
  try {
    switch (target.type) {
      case "http":
        return await runHttpCheck(target.checkConfig as HttpCheckConfig, { timeoutMs: target.timeoutMs, ...opts });
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
