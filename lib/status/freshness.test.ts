import { describe, expect, it } from "vitest";
import { PULSE_STALE_MS } from "../workers/pulse";
import { freshnessSubject, noDataAfterMs, readMonitorStatus, STALE_AFTER_INTERVALS } from "./freshness";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const http = { type: "http" as const, intervalS: 30 };
const heartbeat = { type: "heartbeat" as const, intervalS: 10, graceMs: 10_000 };

describe("the no-data rule", () => {
  it("is two intervals for probed monitors and interval + grace (+ the coordinator's lag) for heartbeats", () => {
    expect(noDataAfterMs(http)).toBe(STALE_AFTER_INTERVALS * 30_000);
    expect(noDataAfterMs(heartbeat)).toBe(10_000 + 10_000 + PULSE_STALE_MS);
    expect(freshnessSubject({ type: "heartbeat", intervalS: 3600, checkConfig: { grace: 300_000 } })).toEqual({ type: "heartbeat", intervalS: 3600, graceMs: 300_000 });
    expect(freshnessSubject({ type: "http", intervalS: 30, checkConfig: { url: "http://x/" } }).graceMs).toBeNull();
  });

  it("lets a stored status count only while the last result and the coordinator are fresh", () => {
    const stored = { status: "operational" as const, since: NOW - 600_000, lastResultAt: NOW - 10_000 };
    const beatAt = NOW - 5_000;
    expect(readMonitorStatus(stored, http, beatAt, NOW)).toEqual({ status: "operational", since: NOW - 600_000 });
    // The result too old: no data since the rule ran out.
    expect(readMonitorStatus({ ...stored, lastResultAt: NOW - 61_000 }, http, beatAt, NOW)).toEqual({ status: "no_data", since: NOW - 1_000 });
    // The coordinator silent: no data since it went silent, however fresh the result.
    expect(readMonitorStatus(stored, http, NOW - PULSE_STALE_MS - 1, NOW)).toEqual({ status: "no_data", since: NOW - 1 });
    expect(readMonitorStatus(stored, http, null, NOW).status).toBe("no_data");
    // A state without a result, or without a row, is no data.
    expect(readMonitorStatus({ ...stored, lastResultAt: null }, http, beatAt, NOW).status).toBe("no_data");
    expect(readMonitorStatus({ status: null, since: null, lastResultAt: null }, http, beatAt, NOW)).toEqual({ status: "no_data", since: null });
    // A heartbeat's recorded miss 40 s ago (interval 10 s, grace 10 s) is still its verdict.
    expect(readMonitorStatus({ status: "down", since: NOW - 600_000, lastResultAt: NOW - 40_000 }, heartbeat, beatAt, NOW).status).toBe("down");
  });
});

describe("a paused monitor", () => {
  it("reads paused from its pause on, whatever is stored; resumed, a stored pause reads no data", () => {
    const stored = { status: "down" as const, since: 1_000, lastResultAt: 1_000 };
    expect(readMonitorStatus(stored, { type: "http", intervalS: 30, pausedAt: 5_000 }, 9_000_000, 9_000_000)).toEqual({ status: "paused", since: 5_000 });
    expect(readMonitorStatus({ status: "paused", since: 5_000, lastResultAt: 1_000 }, { type: "http", intervalS: 30, pausedAt: null }, 9_000_000, 9_000_000)).toEqual({ status: "no_data", since: 5_000 });
  });
});
