import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Scheduler, nextSlot, phaseOffsetMs } from "./scheduler";

describe("nextSlot", () => {
  it("returns times on the job's phase, strictly after the given time", () => {
    const offset = phaseOffsetMs("a", 30_000);
    const t = nextSlot("a", 30_000, 1_000_000);
    expect(t).toBeGreaterThan(1_000_000);
    expect(t - 1_000_000).toBeLessThanOrEqual(30_000);
    expect((t - offset) % 30_000).toBe(0);
    expect(nextSlot("a", 30_000, t)).toBe(t + 30_000);
    expect(nextSlot("a", 30_000, t, true)).toBe(t);
  });
});

/** stop() waits for runs in flight, which need the fake clock to move. */
async function stopAndSettle(s: Scheduler<{ key: string; intervalMs: number }>) {
  const stopped = s.stop();
  await vi.advanceTimersByTimeAsync(120_000);
  await stopped;
}

describe("Scheduler", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it("spreads jobs of one interval evenly across the interval", async () => {
    const starts: number[] = [];
    const s = new Scheduler({ concurrency: 10_000, run: async () => void starts.push(Date.now()) });
    s.setJobs(Array.from({ length: 3_000 }, (_, i) => ({ key: `m${i}`, intervalMs: 30_000 })));
    s.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(starts.length).toBe(3_000);
    const perSecond = new Array(30).fill(0);
    for (const t of starts) perSecond[Math.min(29, Math.floor(t / 1000))]++;
    const mean = 3_000 / 30;
    // Evenly spaced slots: every second gets its share, give or take one start.
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(mean + 1);
    expect(Math.min(...perSecond)).toBeGreaterThanOrEqual(mean - 1);
    await s.stop();
  });

  it("runs every job once per interval, and every job within one interval of a start", async () => {
    const counts = new Map<string, number>();
    const s = new Scheduler({
      concurrency: 100,
      run: async (job) => void counts.set(job.key, (counts.get(job.key) ?? 0) + 1),
    });
    s.setJobs([
      { key: "fast", intervalMs: 10_000 },
      { key: "slow", intervalMs: 60_000 },
    ]);
    s.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(counts.get("fast")).toBe(6);
    expect(counts.get("slow")).toBe(1);
    await s.stop();
  });

  it("never runs two instances of one job at once: an overrunning slot is skipped", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const skipped: string[] = [];
    const s = new Scheduler({
      concurrency: 10,
      onSkip: (job) => skipped.push(job.key),
      run: async () => {
        active++;
        runs++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 25_000)); // longer than two intervals
        active--;
      },
    });
    s.setJobs([{ key: "slowpoke", intervalMs: 10_000 }]);
    s.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(maxActive).toBe(1);
    expect(skipped.length).toBeGreaterThan(0);
    expect(runs).toBeGreaterThanOrEqual(2);
    await stopAndSettle(s);
  });

  it("holds the global concurrency cap; due runs wait and report their lag", async () => {
    let active = 0;
    let maxActive = 0;
    const lags: number[] = [];
    const s = new Scheduler({
      concurrency: 3,
      onStart: (_job, lag) => lags.push(lag),
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 5_000));
        active--;
      },
    });
    // 12 runs of 5 s each within 10 s need about 6 slots: with 3, some must wait.
    const jobs = Array.from({ length: 12 }, (_, i) => ({ key: `j${i}`, intervalMs: 10_000 }));
    s.setJobs(jobs);
    s.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(maxActive).toBeLessThanOrEqual(3);
    expect(lags.length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...lags)).toBeGreaterThan(0);
    await stopAndSettle(s);
  });

  it("moves a job to its new slot when the set changes, without ever running it twice at once", async () => {
    const active = new Map<string, number>();
    let maxPerKey = 0;
    const runs: string[] = [];
    const s = new Scheduler({
      concurrency: 10,
      run: async (job) => {
        active.set(job.key, (active.get(job.key) ?? 0) + 1);
        maxPerKey = Math.max(maxPerKey, active.get(job.key)!);
        runs.push(job.key);
        await new Promise((r) => setTimeout(r, 15_000));
        active.set(job.key, active.get(job.key)! - 1);
      },
    });
    s.setJobs([{ key: "a", intervalMs: 10_000 }]);
    s.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toEqual(["a"]);
    // Adding jobs re-spaces the slots; "a" is still running and must not start again meanwhile.
    s.setJobs(["a", "b", "c", "d"].map((key) => ({ key, intervalMs: 10_000 })));
    await vi.advanceTimersByTimeAsync(40_000);
    expect(maxPerKey).toBe(1);
    expect(runs.filter((k) => k === "a").length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs)).toEqual(new Set(["a", "b", "c", "d"]));
    await stopAndSettle(s);
  });

  it("stops scheduling removed jobs and keeps the slot of unchanged ones", async () => {
    const runs: string[] = [];
    const s = new Scheduler({ concurrency: 10, run: async (job) => void runs.push(job.key) });
    s.setJobs([
      { key: "keep", intervalMs: 10_000 },
      { key: "drop", intervalMs: 10_000 },
    ]);
    s.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs.sort()).toEqual(["drop", "keep"]);
    s.setJobs([{ key: "keep", intervalMs: 10_000 }]);
    runs.length = 0;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs).toEqual(["keep", "keep", "keep"]);
    await s.stop();
  });
});
